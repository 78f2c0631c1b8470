using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Text;
using BootstrapPortal.Web.Components.Csrs;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BootstrapPortal.Web.Tests.Components;

/// <summary>The verdict's check list and the approval dialogs: Warn needs a per-item confirmation, Fail an override with a reason.</summary>
public class CsrComponentTests
{
    private static readonly AutoApprovalPrediction NoAuto = new(false, [], null, null, CommonText.Plain("n/a"));

    private static CsrEntry Entry(string name, params CsrCheck[] checks) =>
        new(new CsrView { Name = name, State = CsrState.Pending }, new CsrVerdict(CsrVerdict.Combine(checks), checks, NoAuto));

    [Fact]
    public async Task The_check_list_shows_every_check_failures_first_with_its_result()
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = ctx.Render<CheckList>(p => p.Add(c => c.Checks,
        [
            CsrCheck.Pass("signature", CommonText.Plain("The request's self-signature verifies.")),
            CsrCheck.Info("auto-approval", CommonText.Plain("kube-controller-manager never auto-approves this signer.")),
            CsrCheck.Fail("common-name", CommonText.Plain("The common name claims <b>system:admin</b>.")),
            CsrCheck.Warn("signer", CommonText.Plain("No rules for this signer.")),
        ]));

        var items = cut.FindAll("[data-testid=check]");
        Assert.Equal(["common-name", "signer", "signature", "auto-approval"], items.Select(i => i.GetAttribute("data-id")));
        Assert.Equal(["Fail", "Warn", "Pass", "Info"], items.Select(i => i.GetAttribute("data-result")));
        Assert.Contains("<b>system:admin</b>", items[0].TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=check] b"));
    }

    [Fact]
    public async Task The_check_list_renders_the_shared_checks_in_the_readers_language()
    {
        var checks = new[]
        {
            CsrCheck.Fail("node-registered", VerdictText.NodeNotRegisteredRequired.With("worker-9")),
            CsrCheck.Pass("lifetime", VerdictText.LifetimeWithin.With(TextDuration.Exact(TimeSpan.FromDays(30)), VerdictText.PortalLimit.Text, TextDuration.Exact(TimeSpan.FromDays(365)))),
        };
        var before = System.Globalization.CultureInfo.CurrentUICulture;
        try
        {
            System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("zh-Hans");
            await using var chinese = ComponentTestContext.Create();
            var items = chinese.Render<CheckList>(p => p.Add(c => c.Checks, checks)).FindAll("[data-testid=check]");
            Assert.Contains("节点 \"worker-9\" 未注册，而服务证书策略只为已注册的节点签发服务证书。", items[0].TextContent, StringComparison.Ordinal);
            Assert.Contains("请求的有效期 30 天 未超过门户的上限 365 天。", items[1].TextContent, StringComparison.Ordinal);

            System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("en-US");
            await using var english = ComponentTestContext.Create();
            var same = english.Render<CheckList>(p => p.Add(c => c.Checks, checks)).FindAll("[data-testid=check]");
            Assert.Contains(checks[0].Message, same[0].TextContent, StringComparison.Ordinal);
            Assert.Contains("The requested lifetime 30 days is within the portal's limit of 365 days.", same[1].TextContent, StringComparison.Ordinal);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = before;
        }
    }

    [Theory]
    [InlineData(CsrApprovalRequirement.Confirmation, "confirm")]
    [InlineData(CsrApprovalRequirement.Override, "override")]
    public async Task The_reason_dialog_needs_the_tick_its_requirement_asks_for(CsrApprovalRequirement requirement, string tick)
    {
        await using var ctx = ComponentTestContext.Create();
        var provider = ctx.Render<MudDialogProvider>();
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();
        var parameters = new DialogParameters<ReasonDialog>
        {
            { d => d.Requirement, requirement },
            { d => d.Problems, ["The node existed before the request."] },
        };
        IDialogReference? reference = null;
        await provider.InvokeAsync(async () => reference = await dialogs.ShowAsync<ReasonDialog>("Approve", parameters));

        Assert.Contains("The node existed before the request.", provider.Find("[data-testid=reason-warning]").TextContent, StringComparison.Ordinal);
        Assert.True(provider.Find("[data-testid=reason-submit]").HasAttribute("disabled"));
        provider.Find($"[data-testid={tick}]").Change(true);
        Assert.True(provider.Find("[data-testid=reason-submit]").HasAttribute("disabled"), "a tick without a reason is not enough");
        provider.Find("[data-testid=reason]").Input("checked the machine");
        Assert.False(provider.Find("[data-testid=reason-submit]").HasAttribute("disabled"));
        provider.Find("[data-testid=reason-submit]").Click();
        var result = await reference!.Result;
        Assert.Equal("checked the machine", result!.Data);
    }

    [Fact]
    public async Task A_plain_reason_needs_no_tick_and_starts_empty()
    {
        await using var ctx = ComponentTestContext.Create();
        var provider = ctx.Render<MudDialogProvider>();
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<ReasonDialog>("Approve", new DialogParameters<ReasonDialog>()));
        Assert.Empty(provider.FindAll("[data-testid=override], [data-testid=confirm]"));
        Assert.Equal(string.Empty, provider.Find("[data-testid=reason]").GetAttribute("value") ?? string.Empty);
        Assert.True(provider.Find("[data-testid=reason-submit]").HasAttribute("disabled"), "no reason, no decision");
        provider.Find("[data-testid=reason]").Input("fine");
        Assert.False(provider.Find("[data-testid=reason-submit]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Bulk_approval_of_a_selection_takes_pass_items_and_only_the_confirmed_and_overridden_others()
    {
        await using var ctx = ComponentTestContext.Create();
        var provider = ctx.Render<MudDialogProvider>();
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();
        CsrEntry[] entries =
        [
            Entry("pass-1", CsrCheck.Pass("signature", CommonText.Plain("ok"))),
            Entry("warn-1", CsrCheck.Warn("signer", CommonText.Plain("No rules for this signer."))),
            Entry("warn-2", CsrCheck.Warn("signer", CommonText.Plain("No rules for this signer."))),
            Entry("fail-1", CsrCheck.Fail("node-takeover", CommonText.Plain("Node worker-1 existed before the request."))),
            Entry("fail-2", CsrCheck.Fail("common-name", CommonText.Plain("claims system:admin"))),
        ];
        IDialogReference? reference = null;
        await provider.InvokeAsync(async () => reference = await dialogs.ShowAsync<BulkApprovalDialog>("Approve selected",
            new DialogParameters<BulkApprovalDialog> { { d => d.Entries, entries } }));

        Assert.Contains("1 passing, 2 warning, 2 failing", provider.Find("[data-testid=bulk-summary]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Approve 1", provider.Find("[data-testid=reason-submit]").TextContent, StringComparison.Ordinal);
        Assert.True(provider.Find("[data-testid=reason-submit]").HasAttribute("disabled"), "the shared reason starts empty");
        provider.Find("[data-testid=reason]").Input("compared with the machine inventory");
        provider.Find("[data-testid=bulk-warn-item][data-name=warn-2] [data-testid=bulk-confirm]").Change(true);
        provider.Find("[data-testid=bulk-fail-item][data-name=fail-1] [data-testid=bulk-override]").Change(true);
        Assert.True(provider.Find("[data-testid=reason-submit]").HasAttribute("disabled"), "an override needs its own reason");
        provider.Find("[data-testid=bulk-fail-item][data-name=fail-1] [data-testid=bulk-override-reason]").Input("re-join after a disk swap, checked");
        Assert.Contains("Approve 3", provider.Find("[data-testid=reason-submit]").TextContent, StringComparison.Ordinal);
        provider.Find("[data-testid=reason-submit]").Click();

        var choice = Assert.IsType<BulkApprovalChoice>((await reference!.Result)!.Data);
        Assert.Equal(entries.Select(e => e.Name), choice.Request.Names);
        Assert.True(choice.Request.IsConfirmed("warn-2"));
        Assert.False(choice.Request.IsConfirmed("warn-1"));
        Assert.Equal("re-join after a disk swap, checked", choice.Request.OverrideReason("fail-1"));
        Assert.Null(choice.Request.OverrideReason("fail-2"));
        Assert.Equal("compared with the machine inventory", choice.Reason);
    }
}

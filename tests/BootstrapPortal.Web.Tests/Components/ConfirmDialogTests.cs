using BootstrapPortal.Core.Tokens;
using BootstrapPortal.Web.Components.Shared;
using BootstrapPortal.Web.Components.Tokens;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BootstrapPortal.Web.Tests.Components;

/// <summary>The destructive confirmation: Cancel first, a red action, typed-name confirmation for what is in use.</summary>
public sealed class ConfirmDialogTests
{
    [Fact]
    public async Task A_typed_name_is_needed_before_the_red_action_is_enabled()
    {
        await using var ctx = ComponentTestContext.Create();
        var provider = ctx.Render<MudDialogProvider>();
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();
        IDialogReference? reference = null;
        await provider.InvokeAsync(async () => reference = await dialogs.ShowAsync<ConfirmDialog>("Delete", new DialogParameters<ConfirmDialog>
        {
            { d => d.Message, "Delete token abc123?" },
            { d => d.ConfirmName, "abc123" },
            { d => d.Consequences, ["The token is still valid."] },
        }));

        var buttons = provider.FindAll(".mud-dialog-actions button");
        Assert.Equal(["confirm-cancel", "confirm-action"], buttons.Select(b => b.GetAttribute("data-testid")));
        Assert.Contains("mud-button-filled-error", provider.Find("[data-testid=confirm-action]").ClassName, StringComparison.Ordinal);
        Assert.True(provider.Find("[data-testid=confirm-action]").HasAttribute("disabled"));
        provider.Find("[data-testid=confirm-name]").Input("abc12");
        Assert.True(provider.Find("[data-testid=confirm-action]").HasAttribute("disabled"), "a near miss is no confirmation");
        provider.Find("[data-testid=confirm-name]").Input("abc123");
        Assert.False(provider.Find("[data-testid=confirm-action]").HasAttribute("disabled"));
        provider.Find("[data-testid=confirm-action]").Click();

        Assert.Equal(true, (await reference!.Result)!.Data);
    }

    [Fact]
    public async Task Without_a_name_to_type_one_click_confirms_and_cancel_returns_nothing()
    {
        await using var ctx = ComponentTestContext.Create();
        var provider = ctx.Render<MudDialogProvider>();
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();
        IDialogReference? reference = null;
        await provider.InvokeAsync(async () => reference = await dialogs.ShowAsync<ConfirmDialog>("Delete", new DialogParameters<ConfirmDialog> { { d => d.Message, "Delete?" } }));

        Assert.Empty(provider.FindAll("[data-testid=confirm-name]"));
        Assert.False(provider.Find("[data-testid=confirm-action]").HasAttribute("disabled"));
        provider.Find("[data-testid=confirm-cancel]").Click();

        Assert.True((await reference!.Result)!.Canceled);
    }

    public static TheoryData<string, BootstrapTokenInfo, bool> Tokens => new()
    {
        { "valid, unused", Token(TokenStatus.Valid), true },
        { "never expires", Token(TokenStatus.NeverExpires), true },
        { "expired, a CSR came from it", Token(TokenStatus.Expired, csrs: ["csr-1"]), true },
        { "expired, a node joined with it", Token(TokenStatus.Expired, nodes: ["worker-1"]), true },
        { "expired and unused", Token(TokenStatus.Expired), false },
    };

    [Theory]
    [MemberData(nameof(Tokens))]
    public void A_token_is_in_use_unless_it_expired_unused(string name, BootstrapTokenInfo token, bool inUse) =>
        Assert.True(inUse == TokenDeleteConfirmation.IsInUse(token), name);

    private static BootstrapTokenInfo Token(TokenStatus status, string[]? csrs = null, string[]? nodes = null) =>
        new("abc123", "bootstrap-token-abc123", null, null, ["authentication"], [], null, false, status, null, null, csrs ?? [], nodes ?? []);
}

using System.Text.Json.Nodes;
using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Audit;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Csrs.Serving;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BootstrapPortal.Core.Tests.Csrs;

/// <summary>
/// The serving policy on the sandbox: stored in a watched ConfigMap with conditional saves, applied to verdicts, dry-run
/// without writing, and enforced by the approver with conditions that cite the failing check. Each test sets the policy it needs.
/// </summary>
public sealed class ServingPolicySandboxTests(CsrSandboxFixture fixture) : IClassFixture<CsrSandboxFixture>
{
    private static readonly PortalActor Viewer = new("viola@example.com", PortalActorKind.Person, [], [PortalRole.Viewer]);
    private static readonly PortalActor Admin = new("ada@example.com", PortalActorKind.Person, [], [PortalRole.Admin]);

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    private Task<V1ConfigMap> ReadConfigMap() =>
        fixture.Admin.CoreV1.ReadNamespacedConfigMapAsync(fixture.Policy.Name, fixture.Policy.Namespace);

    private async Task<V1CertificateSigningRequest> Read(string name) => await fixture.Admin.CertificatesV1.ReadCertificateSigningRequestAsync(name);

    private ServingPolicyDryRun DryRun() => new(fixture.Catalog, fixture.Policy, new ServingPolicyEvaluator(new DnsHostAddressResolver()));

    [Fact]
    public async Task Saving_stores_a_configmap_the_watch_applies_and_the_audit_trail_records()
    {
        var policy = ServingPolicy.Default with { NodeNamePattern = @"sandbox-node-\d+", MaxDnsNames = 3 };

        var saved = await fixture.SavePolicyAsync(policy);

        Assert.Equal(ServingPolicySource.ConfigMap, saved.Source);
        Assert.Equal("kube-system/bootstrapportal-serving-policy", saved.Location);
        var map = await ReadConfigMap();
        Assert.Equal(saved.ResourceVersion, map.Metadata.ResourceVersion);
        Assert.Equal("anonymous@loopback", map.Metadata.Annotations[ServingPolicyStore.UpdatedByAnnotation]);
        Assert.Equal(@"sandbox-node-\d+", JsonNode.Parse(map.Data[ServingPolicyStore.DataKey])!["nodeNamePattern"]!.GetValue<string>());
        Assert.Equal(policy.NodeNamePattern, fixture.Policy.Current.Policy.NodeNamePattern);
        Assert.Null(fixture.Policy.Current.Error);
        Assert.Contains(fixture.Audit.Events, e => e.Action == AuditAction.PolicyChange && e.Outcome == AuditOutcome.Succeeded
            && e.TargetName == "bootstrapportal-serving-policy" && e.Detail!.Contains("maxDnsNames=3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_save_based_on_a_stale_resource_version_is_a_conflict_and_writes_nothing()
    {
        var first = await fixture.SavePolicyAsync(ServingPolicy.Default with { MaxDnsNames = 4 });
        await fixture.SavePolicyAsync(ServingPolicy.Default with { MaxDnsNames = 2 });

        var conflict = await Assert.ThrowsAsync<ServingPolicyConflictException>(() =>
            fixture.Policy.SaveAsync(ServingPolicy.Default with { MaxDnsNames = 9 }, first.ResourceVersion, Admin, Timeout()));

        Assert.Contains("changed meanwhile", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(fixture.Policy.Current.ResourceVersion, conflict.CurrentResourceVersion);
        Assert.Equal(2, JsonNode.Parse((await ReadConfigMap()).Data[ServingPolicyStore.DataKey])!["maxDnsNames"]!.GetValue<int>());
        Assert.Contains(fixture.Audit.Events, e => e.Action == AuditAction.PolicyChange && e.Outcome == AuditOutcome.Failed && e.Actor == Admin);
    }

    [Fact]
    public async Task A_viewer_may_not_change_the_policy_and_an_invalid_one_is_refused_by_field()
    {
        await Assert.ThrowsAsync<PortalAccessDeniedException>(() =>
            fixture.Policy.SaveAsync(ServingPolicy.Default, fixture.Policy.Current.ResourceVersion, Viewer, Timeout()));
        Assert.Contains(fixture.Audit.Events, e => e.Action == AuditAction.PolicyChange && e.Outcome == AuditOutcome.Refused && e.Actor == Viewer);

        var invalid = await Assert.ThrowsAsync<ServingPolicyValidationException>(() =>
            fixture.Policy.SaveAsync(ServingPolicy.Default with { AllowedIpPrefixes = ["10.0.0.1/8"] }, fixture.Policy.Current.ResourceVersion, Admin, Timeout()));
        Assert.Equal("allowedIpPrefixes[0]", Assert.Single(invalid.Errors).Field);
    }

    [Fact]
    public async Task A_hand_edited_configmap_that_is_not_a_policy_is_reported_and_stops_the_approver()
    {
        await fixture.SavePolicyAsync(ServingPolicy.Default with { Enabled = true });
        var map = await ReadConfigMap();
        map.Data[ServingPolicyStore.DataKey] = """{"enabled": true, "maxDnsNames": "lots"}""";
        var edited = await fixture.Admin.CoreV1.ReplaceNamespacedConfigMapAsync(map, map.Metadata.Name, map.Metadata.NamespaceProperty);
        await CsrSandboxFixture.Eventually(() => fixture.Policy.Current.ResourceVersion == edited.Metadata.ResourceVersion, "the watch saw the edit");

        var current = fixture.Policy.Current;
        Assert.Contains("maxDnsNames", current.Error, StringComparison.Ordinal);
        Assert.False(current.ApproverActive);

        await fixture.SavePolicyAsync(ServingPolicy.Default);
        Assert.Null(fixture.Policy.Current.Error);
    }

    [Fact]
    public async Task The_stored_policy_judges_serving_verdicts()
    {
        var (node, ip) = fixture.AnyNode();
        await fixture.SavePolicyAsync(ServingPolicy.Default);
        var name = await fixture.CreateServingCsrAsync(node, [ip], [node]);
        Assert.Equal(CsrVerdictResult.Pass, fixture.Catalog.Get(name)!.Verdict.Result);

        await fixture.SavePolicyAsync(ServingPolicy.Default with { NodeNamePattern = "worker-.*" });

        var verdict = fixture.Catalog.Get(name)!.Verdict;
        Assert.Equal(CsrVerdictResult.Fail, verdict.Result);
        Assert.Equal(CsrCheckIds.NodeNamePattern, Assert.Single(verdict.Problems).Id);
        await fixture.SavePolicyAsync(ServingPolicy.Default);
    }

    [Fact]
    public async Task The_dry_run_shows_what_a_draft_would_do_to_every_pending_serving_csr_and_writes_nothing()
    {
        await fixture.SavePolicyAsync(ServingPolicy.Default);
        var (node, ip) = fixture.AnyNode();
        var good = await fixture.CreateServingCsrAsync(node, [ip], [node]);
        var bad = await fixture.CreateServingCsrAsync(node, [ip, "192.0.2.31"]);

        var current = await DryRun().RunAsync(null, Viewer, Timeout());
        var strict = await DryRun().RunAsync(ServingPolicy.Default with { AllowedIpPrefixes = ["192.0.2.0/24"] }, Viewer, Timeout());

        Assert.Equal(fixture.Catalog.List(new CsrQuery(State: CsrState.Pending, SignerName: TestCsrs.ServingSigner)).Select(e => e.Name).Order(),
            current.Select(o => o.Name).Order());
        Assert.Equal(ServingDecision.Approve, current.Single(o => o.Name == good).Decision);
        var denied = current.Single(o => o.Name == bad);
        Assert.Equal(ServingDecision.Deny, denied.Decision);
        Assert.Contains(denied.Reasons, r => r.StartsWith("[sans-in-node-addresses]", StringComparison.Ordinal) && r.Contains("192.0.2.31", StringComparison.Ordinal));
        var underDraft = strict.Single(o => o.Name == good);
        Assert.Equal(ServingDecision.Deny, underDraft.Decision);
        Assert.Contains(underDraft.Reasons, r => r.StartsWith("[ip-prefixes]", StringComparison.Ordinal));
        Assert.Equal(node, underDraft.NodeName);
        Assert.Empty((await Read(good)).Status?.Conditions ?? []);
        Assert.Empty((await Read(bad)).Status?.Conditions ?? []);

        await Assert.ThrowsAsync<ServingPolicyValidationException>(() => DryRun().RunAsync(ServingPolicy.Default with { MaxDnsNames = -1 }, Viewer, Timeout()));
    }

    [Fact]
    public async Task The_approver_acts_only_while_the_policy_is_enabled_and_its_conditions_cite_the_failing_check()
    {
        await fixture.SavePolicyAsync(ServingPolicy.Default with { Enabled = false });
        var (node, ip) = fixture.AnyNode();
        var good = await fixture.CreateServingCsrAsync(node, [ip], [node]);
        var bad = await fixture.CreateServingCsrAsync(node, [ip, "192.0.2.55"]);
        using var services = new ServiceCollection().AddSingleton<ICsrApprovalService>(fixture.Approvals).BuildServiceProvider();
        using var approver = new KubeletServingPolicyApprover(services, fixture.Catalog, fixture.Cache, fixture.Policy,
            new ServingPolicyEvaluator(new DnsHostAddressResolver()), fixture.Options, NullLogger<KubeletServingPolicyApprover>.Instance);

        Assert.Empty(await approver.ReconcileAsync(fixture.Approvals, Timeout()));
        Assert.Empty((await Read(good)).Status?.Conditions ?? []);

        await approver.StartAsync(CancellationToken.None);
        try
        {
            await fixture.SavePolicyAsync(ServingPolicy.Default with { Enabled = true });
            await CsrSandboxFixture.Eventually(() => fixture.Catalog.Get(bad)?.View.State == CsrState.Denied && fixture.Catalog.Get(good)?.View.State is CsrState.Approved or CsrState.Issued,
                "the policy approver decided both", TimeSpan.FromSeconds(40));

            // The simulated kubelets' own serving CSRs (requested by the nodes for their addresses) pass and are approved too.
            await CsrSandboxFixture.Eventually(
                () =>
                {
                    var own = fixture.Catalog.List(new CsrQuery(SignerName: TestCsrs.ServingSigner))
                        .Where(e => !e.Name.StartsWith("csr-test-", StringComparison.Ordinal) && e.View.Username.StartsWith("system:node:", StringComparison.Ordinal))
                        .ToArray();
                    return own.Length > 0 && own.All(e => e.View.State != CsrState.Pending);
                },
                "the kubelets' own serving CSRs were approved", TimeSpan.FromSeconds(40));
        }
        finally
        {
            await approver.StopAsync(CancellationToken.None);
            await fixture.SavePolicyAsync(ServingPolicy.Default);
        }

        var denied = Assert.Single((await Read(bad)).Status.Conditions);
        Assert.Equal(("Denied", "DeniedByBootstrapPortal"), (denied.Type, denied.Reason));
        Assert.StartsWith(ServingPolicyOutcome.DenyPrefix + "[sans-in-node-addresses]", denied.Message, StringComparison.Ordinal);
        Assert.Contains("192.0.2.55", denied.Message, StringComparison.Ordinal);
        Assert.EndsWith("(by serving-policy-approver via BootstrapPortal)", denied.Message, StringComparison.Ordinal);
        var approved = Assert.Single((await Read(good)).Status.Conditions, c => c.Type == "Approved");
        Assert.Equal("ApprovedByBootstrapPortal", approved.Reason);
        Assert.StartsWith(ServingPolicyOutcome.ApprovePrefix, approved.Message, StringComparison.Ordinal);
        Assert.Contains(fixture.Audit.Events, e => e.TargetName == bad && e.Action == AuditAction.CsrDeny && e.Actor.Kind == PortalActorKind.Portal);
    }
}

using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Csrs;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BootstrapPortal.Core.Tests.Csrs;

/// <summary>Approve, deny, conflicts, bulk approval and the serving policy approver against the sandbox over HTTPS.</summary>
public sealed class CsrApprovalSandboxTests(CsrSandboxFixture fixture) : IClassFixture<CsrSandboxFixture>
{
    private static readonly PortalActor Alice = new("alice@example.com", PortalActorKind.Person, [], [PortalRole.Approver]);

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    private async Task<V1CertificateSigningRequest> Read(string name) =>
        await fixture.Admin.CertificatesV1.ReadCertificateSigningRequestAsync(name);

    [Fact]
    public async Task Approval_lands_as_a_condition_with_reason_and_approver_and_the_issued_certificate_chains_to_the_ca()
    {
        var (node, ip) = fixture.AnyNode();
        var name = await fixture.CreateServingCsrAsync(node, [ip], [node]);
        Assert.Equal(CsrVerdictResult.Pass, fixture.Catalog.Get(name)!.Verdict.Result);

        var result = await fixture.Approvals.ApproveAsync(name, "addresses checked", Alice, Timeout());

        Assert.Equal(CsrDecisionOutcome.Approved, result.Outcome);
        var condition = Assert.Single((await Read(name)).Status.Conditions, c => c.Type == "Approved");
        Assert.Equal("True", condition.Status);
        Assert.Equal("ApprovedByBootstrapPortal", condition.Reason);
        Assert.Equal("addresses checked (by alice@example.com via BootstrapPortal)", condition.Message);
        Assert.NotNull(condition.LastUpdateTime);
        await CsrSandboxFixture.Eventually(() => fixture.Catalog.Get(name)?.View.State == CsrState.Issued, "the sandbox signer issued it");
        var view = fixture.Catalog.Get(name)!.View;
        Assert.True(view.ChainsToClusterCa);
        Assert.Equal("system:node:" + node, view.Certificate!.CommonName);
    }

    [Fact]
    public async Task Denial_lands_as_a_condition_with_reason_and_approver()
    {
        var (node, ip) = fixture.AnyNode();
        var name = await fixture.CreateServingCsrAsync(node, [ip, "192.0.2.99"]);
        var entry = fixture.Catalog.Get(name)!;
        Assert.Equal(CsrVerdictResult.Fail, entry.Verdict.Result);
        Assert.Contains(entry.Verdict.Findings, f => f.Code == "san-outside-node" && f.Message.Contains("192.0.2.99", StringComparison.Ordinal));

        var result = await fixture.Approvals.DenyAsync(name, "foreign IP in SANs", Alice, Timeout());

        Assert.Equal(CsrDecisionOutcome.Denied, result.Outcome);
        var csr = await Read(name);
        var condition = Assert.Single(csr.Status.Conditions);
        Assert.Equal(("Denied", "True", "DeniedByBootstrapPortal"), (condition.Type, condition.Status, condition.Reason));
        Assert.Equal("foreign IP in SANs (by alice@example.com via BootstrapPortal)", condition.Message);
        await CsrSandboxFixture.Eventually(() => fixture.Catalog.Get(name)?.View.State == CsrState.Denied, "the cache saw the denial");
    }

    [Fact]
    public async Task A_decision_made_by_someone_else_is_reported_and_not_overwritten()
    {
        var (node, ip) = fixture.AnyNode();
        var name = await fixture.CreateServingCsrAsync(node, [ip]);
        var csr = await Read(name);
        csr.Status.Conditions = [new V1CertificateSigningRequestCondition { Type = "Denied", Status = "True", Reason = "KubectlDeny", Message = "This CSR was denied by kubectl certificate deny." }];
        await fixture.Admin.CertificatesV1.ReplaceCertificateSigningRequestApprovalAsync(csr, name);

        var result = await fixture.Approvals.ApproveAsync(name, "looks fine", Alice, Timeout());

        Assert.Equal(CsrDecisionOutcome.AlreadyDecided, result.Outcome);
        Assert.Equal(("Denied", "KubectlDeny"), (result.ExistingDecision!.Type, result.ExistingDecision.Reason));
        Assert.Contains("already denied", result.Message, StringComparison.Ordinal);
        var after = await Read(name);
        Assert.Equal(["Denied"], after.Status.Conditions.Select(c => c.Type));
    }

    [Fact]
    public async Task A_denial_racing_the_approval_write_is_reported_after_the_409_not_overwritten()
    {
        var (node, ip) = fixture.AnyNode();
        var name = await fixture.CreateServingCsrAsync(node, [ip]);
        using var racer = new RaceHandler(async () =>
        {
            var csr = await Read(name);
            csr.Status.Conditions = [new V1CertificateSigningRequestCondition { Type = "Denied", Status = "True", Reason = "OtherAdmin", Message = "denied by bob" }];
            await fixture.Admin.CertificatesV1.ReplaceCertificateSigningRequestApprovalAsync(csr, name);
        });
        using var client = new Kubernetes(fixture.Sandbox.CreateAdminConfiguration(), racer);

        var result = await fixture.CreateApprovals(client).ApproveAsync(name, "looks fine", Alice, Timeout());

        Assert.True(racer.Fired);
        Assert.Equal(CsrDecisionOutcome.AlreadyDecided, result.Outcome);
        Assert.Equal("OtherAdmin", result.ExistingDecision!.Reason);
        Assert.Equal(["Denied"], (await Read(name)).Status.Conditions.Select(c => c.Type));
    }

    [Fact]
    public async Task A_change_racing_the_write_gives_a_conflict_result_and_writes_nothing()
    {
        var (node, ip) = fixture.AnyNode();
        var name = await fixture.CreateServingCsrAsync(node, [ip]);
        using var racer = new RaceHandler(async () =>
        {
            var csr = await Read(name);
            csr.Metadata.Labels = new Dictionary<string, string> { ["touched"] = "yes" };
            await fixture.Admin.CertificatesV1.ReplaceCertificateSigningRequestAsync(csr, name);
        });
        using var client = new Kubernetes(fixture.Sandbox.CreateAdminConfiguration(), racer);

        var result = await fixture.CreateApprovals(client).ApproveAsync(name, "looks fine", Alice, Timeout());

        Assert.True(racer.Fired);
        Assert.Equal(CsrDecisionOutcome.Conflict, result.Outcome);
        Assert.Contains("409", result.Message, StringComparison.Ordinal);
        var after = await Read(name);
        Assert.Equal("yes", after.Metadata.Labels["touched"]);
        Assert.Empty(after.Status?.Conditions ?? []);
    }

    [Fact]
    public async Task Unknown_names_and_missing_reasons_are_reported()
    {
        Assert.Equal(CsrDecisionOutcome.NotFound, (await fixture.Approvals.ApproveAsync("no-such-csr", "x", Alice, Timeout())).Outcome);
        var (node, ip) = fixture.AnyNode();
        var name = await fixture.CreateServingCsrAsync(node, [ip]);
        var blank = await fixture.Approvals.ApproveAsync(name, "  ", Alice, Timeout());
        Assert.Equal(CsrDecisionOutcome.Failed, blank.Outcome);
        Assert.Equal("A reason is required.", blank.Message);
        Assert.Empty((await Read(name)).Status?.Conditions ?? []);
    }

    [Fact]
    public async Task Bulk_approval_reports_progress_and_a_result_per_item_and_skips_fail_verdicts_unless_overridden()
    {
        var (node, ip) = fixture.AnyNode();
        var good = new[] { await fixture.CreateServingCsrAsync(node, [ip]), await fixture.CreateServingCsrAsync(node, [ip]), await fixture.CreateServingCsrAsync(node, [ip]) };
        var bad = await fixture.CreateServingCsrAsync(node, [ip, "198.51.100.7"]);
        var overridden = await fixture.CreateServingCsrAsync(node, [ip, "198.51.100.8"]);
        var progress = new ProgressLog();

        var results = await fixture.Approvals.BulkApproveAsync(
            BulkApprovalRequest.Selected([.. good, bad, overridden, "no-such-csr"], overrides: [overridden]), "bulk after review", Alice, progress, Timeout());

        Assert.Equal([.. good, bad, overridden, "no-such-csr"], results.Select(r => r.Name));
        Assert.All(results.Take(3), r => Assert.Equal(CsrDecisionOutcome.Approved, r.Outcome));
        Assert.Equal(CsrDecisionOutcome.Skipped, results[3].Outcome);
        Assert.Contains("198.51.100.7", results[3].Message, StringComparison.Ordinal);
        Assert.Equal((CsrDecisionOutcome.Approved, CsrVerdictResult.Fail), (results[4].Outcome, results[4].Verdict));
        Assert.Equal(CsrDecisionOutcome.NotFound, results[5].Outcome);
        Assert.Equal(6, progress.Items.Count);
        Assert.Equal([1, 2, 3, 4, 5, 6], progress.Items.Select(p => p.Completed).Order());
        Assert.All(progress.Items, p => Assert.Equal(6, p.Total));
        Assert.Empty((await Read(bad)).Status?.Conditions ?? []);
        foreach (var name in good.Append(overridden))
        {
            Assert.Contains((await Read(name)).Status.Conditions, c => c.Type == "Approved" && c.Message == "bulk after review (by alice@example.com via BootstrapPortal)");
        }
    }

    [Fact]
    public async Task Bulk_all_pending_that_pass_leaves_failing_ones_pending()
    {
        var (node, ip) = fixture.AnyNode();
        var good = await fixture.CreateServingCsrAsync(node, [ip]);
        var bad = await fixture.CreateServingCsrAsync(node, [ip, "203.0.113.1"]);

        var results = await fixture.Approvals.BulkApproveAsync(BulkApprovalRequest.AllPendingThatPass, "all passing", Alice, null, Timeout());

        Assert.Contains(results, r => r.Name == good && r.Outcome == CsrDecisionOutcome.Approved);
        Assert.DoesNotContain(results, r => r.Name == bad);
        Assert.All(results, r => Assert.Equal(CsrVerdictResult.Pass, r.Verdict));
        Assert.Empty((await Read(bad)).Status?.Conditions ?? []);
    }

    [Fact]
    public async Task Policy_approver_approves_good_serving_csrs_and_denies_a_bad_one_with_the_reason()
    {
        var (node, ip) = fixture.AnyNode();
        var good = await fixture.CreateServingCsrAsync(node, [ip], [node]);
        var bad = await fixture.CreateServingCsrAsync(node, [ip, "192.0.2.55"]);
        var options = new CsrPolicyOptions { ServingApprover = true };
        using var services = new ServiceCollection().AddSingleton<ICsrApprovalService>(fixture.Approvals).BuildServiceProvider();
        using var approver = new KubeletServingPolicyApprover(services, fixture.Catalog, fixture.Cache,
            new StaticOptionsMonitor<CsrPolicyOptions>(options), NullLogger<KubeletServingPolicyApprover>.Instance);
        await approver.StartAsync(Timeout());
        try
        {
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
        }

        var denied = Assert.Single((await Read(bad)).Status.Conditions);
        Assert.Equal(("Denied", "DeniedByBootstrapPortal"), (denied.Type, denied.Reason));
        Assert.StartsWith(KubeletServingPolicyApprover.DenyReasonPrefix, denied.Message, StringComparison.Ordinal);
        Assert.Contains("192.0.2.55", denied.Message, StringComparison.Ordinal);
        Assert.EndsWith("(by serving-policy-approver via BootstrapPortal)", denied.Message, StringComparison.Ordinal);
        var approved = Assert.Single((await Read(good)).Status.Conditions, c => c.Type == "Approved");
        Assert.Equal("ApprovedByBootstrapPortal", approved.Reason);
    }


    /// <summary>Collects progress reports synchronously (Progress&lt;T&gt; would post them later).</summary>
    private sealed class ProgressLog : IProgress<BulkProgress>
    {
        private readonly Lock _lock = new();
        private readonly List<BulkProgress> _items = [];

        public IReadOnlyList<BulkProgress> Items
        {
            get
            {
                lock (_lock)
                {
                    return [.. _items];
                }
            }
        }

        public void Report(BulkProgress value)
        {
            lock (_lock)
            {
                _items.Add(value);
            }
        }
    }

    /// <summary>Lets another writer change the CSR just before the first PUT to /approval goes out (a real race, made certain).</summary>
    private sealed class RaceHandler(Func<Task> interfere) : DelegatingHandler
    {
        public bool Fired { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!Fired && request.Method == HttpMethod.Put && request.RequestUri!.AbsolutePath.EndsWith("/approval", StringComparison.Ordinal))
            {
                Fired = true;
                await interfere();
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}

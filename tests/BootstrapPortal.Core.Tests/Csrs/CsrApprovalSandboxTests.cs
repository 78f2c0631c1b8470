using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Audit;
using BootstrapPortal.Core.Csrs;
using k8s;
using k8s.Models;

namespace BootstrapPortal.Core.Tests.Csrs;

/// <summary>Approve, deny, conflicts, overrides and bulk approval against the sandbox over HTTPS.</summary>
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

        var result = await fixture.Approvals.ApproveAsync(name, new CsrApproval("addresses checked"), Alice, Timeout());

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
        Assert.Contains(entry.Verdict.Checks, c => c.Id == CsrCheckIds.SansInNodeAddresses && c.Result == CsrCheckResult.Fail && c.Message.Contains("192.0.2.99", StringComparison.Ordinal));

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

        var result = await fixture.Approvals.ApproveAsync(name, new CsrApproval("looks fine"), Alice, Timeout());

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

        var result = await fixture.CreateApprovals(client).ApproveAsync(name, new CsrApproval("looks fine"), Alice, Timeout());

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

        var result = await fixture.CreateApprovals(client).ApproveAsync(name, new CsrApproval("looks fine"), Alice, Timeout());

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
        Assert.Equal(CsrDecisionOutcome.NotFound, (await fixture.Approvals.ApproveAsync("no-such-csr", new CsrApproval("x"), Alice, Timeout())).Outcome);
        var (node, ip) = fixture.AnyNode();
        var name = await fixture.CreateServingCsrAsync(node, [ip]);
        var blank = await fixture.Approvals.ApproveAsync(name, new CsrApproval("  "), Alice, Timeout());
        Assert.Equal(CsrDecisionOutcome.Failed, blank.Outcome);
        Assert.Equal("A reason is required.", blank.Message);
        Assert.Empty((await Read(name)).Status?.Conditions ?? []);
    }

    [Fact]
    public async Task A_failing_verdict_is_refused_without_an_override_and_approved_with_one_which_the_audit_trail_records()
    {
        var (node, ip) = fixture.AnyNode();
        var name = await fixture.CreateServingCsrAsync(node, [ip, "192.0.2.77"]);
        Assert.Equal(CsrVerdictResult.Fail, fixture.Catalog.Get(name)!.Verdict.Result);

        var refused = await fixture.Approvals.ApproveAsync(name, new CsrApproval("looks fine"), Alice, Timeout());

        Assert.Equal(CsrDecisionOutcome.VerdictFails, refused.Outcome);
        Assert.Contains("192.0.2.77", refused.Message, StringComparison.Ordinal);
        Assert.Contains(refused.Checks!, c => c.Id == CsrCheckIds.SansInNodeAddresses && c.Result == CsrCheckResult.Fail);
        Assert.Empty((await Read(name)).Status?.Conditions ?? []);
        var refusal = Assert.Single(fixture.Audit.Events, e => e.TargetName == name);
        Assert.Equal((AuditAction.CsrApprove, AuditOutcome.Refused), (refusal.Action, refusal.Outcome));
        Assert.Contains("[sans-in-node-addresses]", refusal.Detail, StringComparison.Ordinal);

        var overridden = await fixture.Approvals.ApproveAsync(name, new CsrApproval("the extra IP is the node's VIP", Override: true), Alice, Timeout());

        Assert.Equal(CsrDecisionOutcome.Approved, overridden.Outcome);
        Assert.Equal(CsrVerdictResult.Fail, overridden.Verdict);
        Assert.Contains((await Read(name)).Status.Conditions, c => c.Type == "Approved" && c.Message == "the extra IP is the node's VIP (by alice@example.com via BootstrapPortal)");
        var approval = fixture.Audit.Events.Last(e => e.TargetName == name);
        Assert.Equal((AuditAction.CsrApprove, AuditOutcome.Succeeded, "the extra IP is the node's VIP"), (approval.Action, approval.Outcome, approval.Reason));
        Assert.StartsWith("override of a failing verdict; failing checks: [sans-in-node-addresses]", approval.Detail, StringComparison.Ordinal);
        Assert.Contains("192.0.2.77", approval.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bulk_approval_takes_pass_confirmed_warnings_and_overridden_failures_and_skips_the_rest_with_progress()
    {
        var (node, ip) = fixture.AnyNode();
        var good = new[] { await fixture.CreateServingCsrAsync(node, [ip]), await fixture.CreateServingCsrAsync(node, [ip]), await fixture.CreateServingCsrAsync(node, [ip]) };
        var bad = await fixture.CreateServingCsrAsync(node, [ip, "198.51.100.7"]);
        var overridden = await fixture.CreateServingCsrAsync(node, [ip, "198.51.100.8"]);
        var warned = await CreateCustomSignerCsrAsync();
        var confirmed = await CreateCustomSignerCsrAsync();
        Assert.Equal(CsrVerdictResult.Warn, fixture.Catalog.Get(warned)!.Verdict.Result);
        var progress = new ProgressLog();
        string[] names = [.. good, bad, overridden, warned, confirmed, "no-such-csr"];

        var results = await fixture.Approvals.BulkApproveAsync(
            BulkApprovalRequest.Selected(names, confirmed: [confirmed], overrides: new Dictionary<string, string> { [overridden] = "that IP is the node's second NIC" }),
            "bulk after review", Alice, progress, Timeout());

        Assert.Equal(names, results.Select(r => r.Name));
        Assert.All(results.Take(3), r => Assert.Equal(CsrDecisionOutcome.Approved, r.Outcome));
        Assert.Equal(CsrDecisionOutcome.Skipped, results[3].Outcome);
        Assert.Contains("198.51.100.7", results[3].Message, StringComparison.Ordinal);
        Assert.Equal((CsrDecisionOutcome.Approved, CsrVerdictResult.Fail), (results[4].Outcome, results[4].Verdict));
        Assert.Equal(CsrDecisionOutcome.Skipped, results[5].Outcome);
        Assert.Contains("not confirmed", results[5].Message, StringComparison.Ordinal);
        Assert.Equal((CsrDecisionOutcome.Approved, CsrVerdictResult.Warn), (results[6].Outcome, results[6].Verdict));
        Assert.Equal(CsrDecisionOutcome.NotFound, results[7].Outcome);
        Assert.Equal(8, progress.Items.Count);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], progress.Items.Select(p => p.Completed).Order());
        Assert.All(progress.Items, p => Assert.Equal(8, p.Total));
        Assert.Empty((await Read(bad)).Status?.Conditions ?? []);
        Assert.Empty((await Read(warned)).Status?.Conditions ?? []);
        foreach (var name in good.Append(confirmed))
        {
            Assert.Contains((await Read(name)).Status.Conditions, c => c.Type == "Approved" && c.Message == "bulk after review (by alice@example.com via BootstrapPortal)");
        }

        Assert.Contains((await Read(overridden)).Status.Conditions, c => c.Type == "Approved" && c.Message == "that IP is the node's second NIC (by alice@example.com via BootstrapPortal)");
        Assert.Contains(fixture.Audit.Events, e => e.TargetName == overridden && e.Outcome == AuditOutcome.Succeeded && e.Detail!.StartsWith("override", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bulk_all_pending_that_pass_approves_exactly_what_the_count_shows_and_leaves_warn_and_fail_pending()
    {
        var (node, ip) = fixture.AnyNode();
        var good = await fixture.CreateServingCsrAsync(node, [ip]);
        var bad = await fixture.CreateServingCsrAsync(node, [ip, "203.0.113.1"]);
        var warned = await CreateCustomSignerCsrAsync();
        await CsrSandboxFixture.Eventually(() => fixture.Catalog.Get(warned) is not null, "the cache saw " + warned);
        var snapshot = fixture.Catalog.Snapshot;
        var counted = snapshot.Entries.Where(CsrApprovalRules.IsBulkApprovable).Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(snapshot.BulkApprovableCount, counted.Count);
        Assert.Contains(good, counted);

        var results = await fixture.Approvals.BulkApproveAsync(BulkApprovalRequest.AllPendingThatPass, "all passing", Alice, null, Timeout());

        Assert.Equal(counted.Order(StringComparer.Ordinal), results.Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.All(results, r => Assert.Equal((CsrDecisionOutcome.Approved, CsrVerdictResult.Pass), (r.Outcome, r.Verdict)));
        Assert.Empty((await Read(bad)).Status?.Conditions ?? []);
        Assert.Empty((await Read(warned)).Status?.Conditions ?? []);
    }

    [Fact]
    public async Task Bulk_approval_by_a_viewer_is_refused_before_anything_is_read_or_written_and_the_refusal_is_audited()
    {
        var (node, ip) = fixture.AnyNode();
        var name = await fixture.CreateServingCsrAsync(node, [ip]);
        var viewer = new PortalActor("viewer@example.com", PortalActorKind.Person, [], [PortalRole.Viewer]);

        await Assert.ThrowsAsync<PortalAccessDeniedException>(() =>
            fixture.Approvals.BulkApproveAsync(BulkApprovalRequest.Selected([name]), "not mine to approve", viewer, null, Timeout()));

        Assert.Empty((await Read(name)).Status?.Conditions ?? []);
        Assert.Contains(fixture.Audit.Events, e => e.Actor.Name == "viewer@example.com" && e.Action == AuditAction.CsrApprove && e.Outcome == AuditOutcome.Refused);
    }

    /// <summary>A CSR for a signer the portal has no rules for (its verdict warns), created by the admin; nothing signs it.</summary>
    private async Task<string> CreateCustomSignerCsrAsync()
    {
        var created = await fixture.Admin.CertificatesV1.CreateCertificateSigningRequestAsync(new V1CertificateSigningRequest
        {
            Metadata = new V1ObjectMeta { GenerateName = "csr-custom-" },
            Spec = new V1CertificateSigningRequestSpec
            {
                Request = TestCsrs.RequestPem("ci-robot", ["ci"]),
                SignerName = "example.com/ci",
                Usages = ["digital signature", "client auth"],
            },
        });
        var name = created.Metadata.Name;
        await CsrSandboxFixture.Eventually(() => fixture.Catalog.Get(name) is not null, "the cache saw " + name);
        return name;
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

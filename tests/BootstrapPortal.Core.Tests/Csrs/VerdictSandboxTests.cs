using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Sandbox;
using k8s;
using k8s.Models;

namespace BootstrapPortal.Core.Tests.Csrs;

/// <summary>
/// Verdicts on a living sandbox in both directions: the kubelets' own requests (joins, fast renewals, serving) pass, and a
/// bootstrap token holder asking kube-apiserver-client for system identities fails and is never bulk-approved.
/// </summary>
public sealed class VerdictSandboxTests(VerdictSandboxTests.RotatingSandbox fixture) : IClassFixture<VerdictSandboxTests.RotatingSandbox>
{
    private static readonly PortalActor Alice = new("alice@example.com", PortalActorKind.Person, [], [PortalRole.Approver]);

    /// <summary>The default sandbox (serving certificates, the demo misfits) with a fast clock so client certificates rotate within a minute.</summary>
    public sealed class RotatingSandbox : CsrSandboxFixture
    {
        protected override SandboxOptions CreateOptions(string dataDirectory) => new()
        {
            Nodes = 2,
            ServingCertificates = true,
            DemoMisfits = true,
            ClockSpeed = 10,
            SigningDuration = TimeSpan.FromMinutes(10),
            DataDirectory = dataDirectory,
        };

        // The misfit's client certificate has 5 % of its lifetime left (3 s at this clock speed) and the sandbox refuses an
        // expired one, so on a busy machine it may never register: only the healthy node is waited for.
        protected override int RegisteredNodes => 1;
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    [Fact]
    public async Task No_issued_request_of_a_healthy_node_warns_or_fails_and_pending_serving_requests_pass()
    {
        // Wait for a bootstrap, a renewal (selfnodeclient) and a serving request of the healthy node.
        var seen = "nothing yet";
        try
        {
            await CsrSandboxFixture.Eventually(
                () =>
                {
                    var all = fixture.Catalog.List();
                    var bootstraps = all.Count(e => e.View.State == CsrState.Issued && e.View.Username.StartsWith("system:bootstrap:", StringComparison.Ordinal));
                    var renewals = all.Count(e => e.View.State == CsrState.Issued && e.View.Username.StartsWith("system:node:", StringComparison.Ordinal)
                        && e.View.SignerName == TestCsrs.ClientSigner);
                    var serving = all.Count(e => e.View.SignerName == TestCsrs.ServingSigner);
                    seen = $"{bootstraps} issued bootstrap, {renewals} issued renewal, {serving} serving request(s) of {all.Count}";
                    return bootstraps > 0 && renewals > 0 && serving > 0;
                },
                "a bootstrap, a renewal and a serving request exist", TimeSpan.FromSeconds(240));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException(ex.Message + ": " + seen, ex);
        }

        var misfit = fixture.Sandbox.Kubelets!.Kubelets[^1].NodeName;
        var entries = fixture.Catalog.List();
        var healthy = entries.Where(e => e.View.NodeName != misfit || e.View.SignerName == TestCsrs.ServingSigner).ToArray();
        var judged = healthy.Where(e => e.View.State is CsrState.Issued || (e.View.IsPending && e.View.SignerName == TestCsrs.ServingSigner)).ToArray();
        Assert.NotEmpty(judged);
        Assert.All(judged, e => Assert.True(e.Verdict.Result == CsrVerdictResult.Pass,
            $"{e.Name} ({e.View.Username}, {e.View.State}) is {e.Verdict.Result}: {string.Join(" | ", e.Verdict.Reasons)}"));
        Assert.Contains(judged, e => e.View.State == CsrState.Issued
            && e.Verdict.Find(CsrCheckIds.NodeTakeover)?.Message.Contains("with the certificate this request produced", StringComparison.Ordinal) == true);

        // The misfit's renewals carry a DNS name: those really are broken, and say why.
        var broken = entries.Where(e => e.View.NodeName == misfit && e.View.SignerName == TestCsrs.ClientSigner && e.View.IsPending).ToArray();
        Assert.All(broken, e => Assert.Equal(CsrCheckIds.SubjectAltNames, e.Verdict.Problems[0].Id));
    }

    [Fact]
    public async Task A_bootstrap_token_asking_for_system_identities_fails_and_is_never_bulk_approved()
    {
        var token = await fixture.Sandbox.Kubelets!.CreateBootstrapTokenAsync("identity theft attempt", TimeSpan.FromHours(1), Timeout());
        using var thief = new Kubernetes(fixture.Sandbox.CreateTokenConfiguration(token));
        var names = new List<string>();
        foreach (var (cn, organizations) in new[]
        {
            ("system:serviceaccount:kube-system:certificate-controller", Array.Empty<string>()),
            ("system:node:sandbox-node-3", new[] { "system:nodes" }),
            ("system:kube-controller-manager", Array.Empty<string>()),
        })
        {
            var created = await thief.CertificatesV1.CreateCertificateSigningRequestAsync(new V1CertificateSigningRequest
            {
                Metadata = new V1ObjectMeta { GenerateName = "csr-theft-" },
                Spec = new V1CertificateSigningRequestSpec
                {
                    Request = TestCsrs.RequestPem(cn, organizations),
                    SignerName = "kubernetes.io/kube-apiserver-client",
                    Usages = ["digital signature", "client auth"],
                },
            });
            names.Add(created.Metadata.Name);
        }

        await CsrSandboxFixture.Eventually(() => names.All(n => fixture.Catalog.Get(n) is not null), "the cache saw the requests");
        foreach (var name in names)
        {
            var verdict = fixture.Catalog.Get(name)!.Verdict;
            Assert.Equal(CsrVerdictResult.Fail, verdict.Result);
            Assert.Equal(CsrCheckResult.Fail, verdict.Find(CsrCheckIds.Requester)!.Result);
            Assert.Equal(CsrCheckResult.Fail, verdict.Find(CsrCheckIds.CommonName)!.Result);
        }

        var results = await fixture.Approvals.BulkApproveAsync(BulkApprovalRequest.AllPendingThatPass, "approve what passes", Alice, null, Timeout());
        Assert.DoesNotContain(results, r => names.Contains(r.Name));
        var single = await fixture.Approvals.ApproveAsync(names[0], new CsrApproval("looks fine"), Alice, Timeout());
        Assert.Equal(CsrDecisionOutcome.VerdictFails, single.Outcome);
        foreach (var name in names)
        {
            Assert.Empty((await fixture.Admin.CertificatesV1.ReadCertificateSigningRequestAsync(name)).Status?.Conditions ?? []);
        }
    }
}

using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Tests.Certificates;
using k8s;
using k8s.Models;

namespace BootstrapPortal.Core.Tests.Csrs;

/// <summary>
/// A request for a node's name by a bootstrap identity is a takeover only if the Node existed before the request; a re-join
/// of a node whose kubelet stopped reporting is a warning; a decided request is judged as it stood at its decision.
/// Times: the test CSRs are created at 12:05:28 and judged at 12:10:00.
/// </summary>
public class NodeTakeoverVerdictTests
{
    private static readonly DateTime Requested = new(2026, 3, 2, 12, 5, 28, DateTimeKind.Utc);

    private static CsrVerdict Judge(V1CertificateSigningRequest csr, params V1Node[] nodes) =>
        CsrVerdicts.Evaluate(CsrViews.Create(csr, new CsrViewContext(VerdictTestContext.Now)), VerdictTestContext.With(nodes));

    private static CsrCheck Takeover(CsrVerdict verdict) => verdict.Find(CsrCheckIds.NodeTakeover)!;

    private static V1Node Worker(DateTime created, string? ready, DateTime? heartbeat, DateTime? readySince) =>
        TestCsrs.Node("worker-1", created, ready, heartbeat, readySince, ("InternalIP", "10.0.0.5"));

    [Fact]
    public void A_node_registered_after_the_request_is_the_expected_outcome_and_passes()
    {
        var verdict = Judge(TestCsrs.Bootstrap("worker-1"), Worker(Requested.AddSeconds(3), "True", Requested.AddSeconds(4), Requested.AddSeconds(3)));
        Assert.Equal(CsrVerdictResult.Pass, verdict.Result);
        Assert.Equal(CsrCheckResult.Pass, Takeover(verdict).Result);
        Assert.Contains("after this request", Takeover(verdict).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registration_in_the_same_second_as_the_request_counts_as_after_it()
    {
        var verdict = Judge(TestCsrs.Bootstrap("worker-1"), Worker(Requested, "True", Requested, Requested));
        Assert.Equal(CsrCheckResult.Pass, Takeover(verdict).Result);
    }

    [Fact]
    public void An_issued_request_whose_certificate_the_node_registered_with_says_so()
    {
        // The reference vector: bootstrap CSR for worker-1 created 12:05:28, auto-approved and issued at 12:05:30.
        var csr = KubernetesJson.Deserialize<V1CertificateSigningRequest>(File.ReadAllText(Vectors.PathOf("issued.json")));
        var view = CsrViews.Create(csr, new CsrViewContext(VerdictTestContext.Now));
        var node = Worker(new DateTime(2026, 3, 2, 12, 5, 31, DateTimeKind.Utc), "True", new DateTime(2026, 3, 2, 12, 9, 0, DateTimeKind.Utc), new DateTime(2026, 3, 2, 12, 5, 32, DateTimeKind.Utc));
        var context = new CsrVerdictContext([node], VerdictTestContext.KubeadmRbac, VerdictTestContext.Now) { History = new ClientCertificateHistory([view]) };

        var verdict = CsrVerdicts.Evaluate(view, context);

        Assert.Equal(CsrVerdictResult.Pass, verdict.Result);
        Assert.True(verdict.Decided);
        Assert.Contains("with the certificate this request produced", Takeover(verdict).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_later_certificate_for_the_same_name_is_the_one_the_node_registered_with()
    {
        var first = TestCsrs.Decided(TestCsrs.Bootstrap("worker-1", "csr-first"), Requested.AddSeconds(1), certificatePem: [0x30]);
        var second = TestCsrs.Decided(TestCsrs.Bootstrap("worker-1", "csr-second"), Requested.AddSeconds(2), certificatePem: [0x30]);
        var views = new[] { first, second }.Select(c => CsrViews.Create(c, new CsrViewContext(VerdictTestContext.Now))).ToArray();
        var history = new ClientCertificateHistory(views);
        var registered = new DateTimeOffset(Requested.AddSeconds(5));
        Assert.False(history.RegisteredWith(views[0], "worker-1", registered));
        Assert.True(history.RegisteredWith(views[1], "worker-1", registered));
    }

    [Fact]
    public void A_node_that_existed_and_reports_is_a_takeover()
    {
        var verdict = Judge(TestCsrs.Bootstrap("worker-1"), Worker(TestCsrs.NodesRegistered, "True", new DateTime(2026, 3, 2, 12, 9, 0, DateTimeKind.Utc), TestCsrs.NodesRegistered));
        Assert.Equal(CsrVerdictResult.Fail, verdict.Result);
        var check = Takeover(verdict);
        Assert.Equal(CsrCheckResult.Fail, check.Result);
        Assert.Contains("system:bootstrap:abcdef", check.Message, StringComparison.Ordinal);
        Assert.Contains("\"worker-1\"", check.Message, StringComparison.Ordinal);
        Assert.Contains("node takeover", check.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Unknown", "2026-03-02T11:00:00Z", "2026-03-02T11:00:00Z", "Ready=Unknown for 70 minutes")]
    [InlineData("False", "2026-03-02T11:59:00Z", "2026-03-02T11:50:00Z", "Ready=False for 20 minutes")]
    [InlineData("True", "2026-03-02T11:30:00Z", "2026-03-01T09:00:00Z", "last heartbeat was 40 minutes ago")]
    public void A_node_whose_kubelet_stopped_reporting_is_a_rejoin_warning(string ready, string heartbeat, string since, string expected)
    {
        var verdict = Judge(TestCsrs.Bootstrap("worker-1"), Worker(TestCsrs.NodesRegistered, ready, DateTime.Parse(heartbeat, null, System.Globalization.DateTimeStyles.AdjustToUniversal),
            DateTime.Parse(since, null, System.Globalization.DateTimeStyles.AdjustToUniversal)));
        Assert.Equal(CsrVerdictResult.Warn, verdict.Result);
        var check = Takeover(verdict);
        Assert.Equal(CsrCheckResult.Warn, check.Result);
        Assert.Contains(expected, check.Message, StringComparison.Ordinal);
        Assert.Contains("a re-join after a reset looks like this; so does a takeover", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_not_ready_for_less_than_the_threshold_is_still_a_takeover()
    {
        var since = new DateTime(2026, 3, 2, 12, 7, 0, DateTimeKind.Utc);
        var verdict = Judge(TestCsrs.Bootstrap("worker-1"), Worker(TestCsrs.NodesRegistered, "Unknown", since, since));
        Assert.Equal(CsrCheckResult.Fail, Takeover(verdict).Result);
        Assert.Contains("for only 3 minutes", Takeover(verdict).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_threshold_is_configurable()
    {
        var since = new DateTime(2026, 3, 2, 12, 7, 0, DateTimeKind.Utc);
        var view = CsrViews.Create(TestCsrs.Bootstrap("worker-1"), new CsrViewContext(VerdictTestContext.Now));
        var context = new CsrVerdictContext([Worker(TestCsrs.NodesRegistered, "Unknown", since, since)], VerdictTestContext.KubeadmRbac, VerdictTestContext.Now)
        {
            RejoinNotReadyAfter = TimeSpan.FromMinutes(2),
        };
        Assert.Equal(CsrCheckResult.Warn, CsrVerdicts.Evaluate(view, context).Find(CsrCheckIds.NodeTakeover)!.Result);
    }

    [Fact]
    public void A_decided_takeover_is_judged_at_its_decision_time()
    {
        // Approved at 12:05:30 while worker-1 had been Ready since yesterday: a takeover then, whatever happened since.
        var csr = TestCsrs.Decided(TestCsrs.Bootstrap("worker-1"), Requested.AddSeconds(2), certificatePem: [0x30]);
        var verdict = Judge(csr, Worker(TestCsrs.NodesRegistered, "True", new DateTime(2026, 3, 2, 12, 9, 0, DateTimeKind.Utc), TestCsrs.NodesRegistered));
        Assert.Equal(CsrVerdictResult.Fail, verdict.Result);
        Assert.Contains("when the request was decided", Takeover(verdict).Message, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(Requested.AddSeconds(2)), verdict.AsOf);
    }

    [Fact]
    public void A_decided_rejoin_of_a_node_that_was_not_ready_then_is_a_warning()
    {
        // worker-1 became Ready only at 12:05:40, after the 12:05:30 approval: it was not Ready when the request was decided.
        var csr = TestCsrs.Decided(TestCsrs.Bootstrap("worker-1"), Requested.AddSeconds(2), certificatePem: [0x30]);
        var verdict = Judge(csr, Worker(TestCsrs.NodesRegistered, "True", new DateTime(2026, 3, 2, 12, 9, 0, DateTimeKind.Utc), Requested.AddSeconds(12)));
        Assert.Equal(CsrVerdictResult.Warn, verdict.Result);
        Assert.Contains("it was not Ready then", Takeover(verdict).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_renewal_by_the_node_itself_is_no_takeover_question()
    {
        var csr = TestCsrs.Csr("r", TestCsrs.RequestPem("system:node:worker-1"), TestCsrs.ClientSigner, "system:node:worker-1", TestCsrs.NodeGroups);
        var verdict = Judge(csr, Worker(TestCsrs.NodesRegistered, "True", new DateTime(2026, 3, 2, 12, 9, 0, DateTimeKind.Utc), TestCsrs.NodesRegistered));
        Assert.Equal(CsrVerdictResult.Pass, verdict.Result);
        Assert.Null(verdict.Find(CsrCheckIds.NodeTakeover));
    }
}

using System.Globalization;
using BootstrapPortal.Core.Ledger;
using BootstrapPortal.Core.Text;

namespace BootstrapPortal.Core.Tests.Ledger;

/// <summary>
/// Rotation health in both directions: healthy nodes (fresh, mid-life, renewing normally, serving certificates absent) must
/// not show unhealthy; stuck, overdue, expired and foreign certificates must.
/// </summary>
public sealed class NodeRotationHealthTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly RotationPolicy Policy = new(TimeSpan.FromMinutes(10), 0.8, 0.9);

    public static TheoryData<string, NodeLedgerFacts, bool?, RotationStatus, string[]> Cases => new()
    {
        // Healthy: must stay green.
        { "fresh client certificate", Facts(client: Cert(used: 0.05)), true, RotationStatus.Healthy, [] },
        { "mid-life client and serving", Facts(client: Cert(used: 0.5), serving: Cert(used: 0.6, kind: CertificateKind.Serving)), true, RotationStatus.Healthy, [] },
        { "79 % used, kubelet has not reached its deadline", Facts(client: Cert(used: 0.79)), true, RotationStatus.Healthy, [] },
        { "renewal requested a minute ago (normal rotation in flight)", Facts(client: Cert(used: 0.75), clientPending: Pending(TimeSpan.FromMinutes(1))), true, RotationStatus.Healthy, [] },
        { "no serving certificate at all (serverTLSBootstrap off)", Facts(client: Cert(used: 0.3)), true, RotationStatus.Healthy, [] },
        { "old renewal attempts were denied, none pending", Facts(client: Cert(used: 0.3), clientPending: Pending(TimeSpan.FromHours(5), stillPending: false)), true, RotationStatus.Healthy, [] },
        { "node NotReady for another reason, certificate valid", Facts(client: Cert(used: 0.3)), false, RotationStatus.Healthy, [] },
        { "chain unknown (no CA known) is not a failure", Facts(client: Cert(used: 0.3, chains: null)), true, RotationStatus.Healthy, [] },

        // Warnings: worth a look, not red.
        { "85 % used, within the kubelet's 70–90 % window", Facts(client: Cert(used: 0.85)), true, RotationStatus.Warning, ["client_renewal_due"] },
        { "no client certificate on record, node Ready", Facts(), true, RotationStatus.Warning, ["client_no_certificate_on_record"] },
        { "first serving request waits for a person", Facts(client: Cert(used: 0.2), servingPending: Pending(TimeSpan.FromHours(2))), true, RotationStatus.Warning, ["serving_first_request_pending"] },
        { "expired client certificate on record but node Ready", Facts(client: Cert(used: 1.2)), true, RotationStatus.Warning, ["client_expired"] },

        // Unhealthy.
        { "renewal pending past the threshold", Facts(client: Cert(used: 0.8), clientPending: Pending(TimeSpan.FromMinutes(25), attempts: 2)), true, RotationStatus.Unhealthy, ["client_renewal_pending", "client_renewal_due"] },
        { "stuck node without a certificate on record", Facts(clientPending: Pending(TimeSpan.FromMinutes(40), attempts: 3)), true, RotationStatus.Unhealthy, ["client_renewal_pending", "client_no_certificate_on_record"] },
        { "95 % used, no renewal", Facts(client: Cert(used: 0.95)), true, RotationStatus.Unhealthy, ["client_renewal_overdue"] },
        { "expired and NotReady", Facts(client: Cert(used: 1.01)), false, RotationStatus.Unhealthy, ["client_expired_not_ready"] },
        { "does not chain to the cluster CA", Facts(client: Cert(used: 0.1, chains: false)), true, RotationStatus.Unhealthy, ["client_not_chaining_to_cluster_ca"] },
        { "serving certificate expired", Facts(client: Cert(used: 0.1), serving: Cert(used: 1.5, kind: CertificateKind.Serving)), true, RotationStatus.Unhealthy, ["serving_expired"] },
        { "serving renewal pending past the threshold", Facts(client: Cert(used: 0.1), serving: Cert(used: 0.8, kind: CertificateKind.Serving), servingPending: Pending(TimeSpan.FromHours(1))), true, RotationStatus.Unhealthy, ["serving_renewal_pending", "serving_renewal_due"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Judges_rotation(string name, NodeLedgerFacts facts, bool? ready, RotationStatus expected, string[] codes)
    {
        var assessment = NodeRotationHealth.Evaluate(facts, ready, Policy, Now);

        Assert.True(expected == assessment.Status, $"{name}: expected {expected}, got {assessment.Status} ({string.Join("; ", assessment.Reasons.Select(r => r.Message))})");
        Assert.Equal(codes, assessment.Reasons.Select(r => r.Code));
        Assert.All(assessment.Reasons, r => Assert.False(string.IsNullOrWhiteSpace(r.Message)));
    }

    [Fact]
    public void The_pending_threshold_is_the_boundary()
    {
        var justBefore = NodeRotationHealth.Evaluate(Facts(client: Cert(used: 0.5), clientPending: Pending(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1))), true, Policy, Now);
        var at = NodeRotationHealth.Evaluate(Facts(client: Cert(used: 0.5), clientPending: Pending(TimeSpan.FromMinutes(10))), true, Policy, Now);

        Assert.Equal(RotationStatus.Healthy, justBefore.Status);
        Assert.Equal(RotationStatus.Unhealthy, at.Status);
    }

    [Fact]
    public void Messages_say_how_long_and_which_request()
    {
        var assessment = NodeRotationHealth.Evaluate(Facts(clientPending: Pending(TimeSpan.FromMinutes(42), attempts: 3)), true, Policy, Now);

        var pending = Assert.Single(assessment.Reasons, r => r.Issue == RotationIssue.RenewalPending);
        Assert.Contains("42m", pending.Message, StringComparison.Ordinal);
        Assert.Contains("3 requests", pending.Message, StringComparison.Ordinal);
        Assert.Contains("csr-latest", pending.Message, StringComparison.Ordinal);
        Assert.Equal("客户端证书续期已待处理 42 分钟 0 秒（3 个请求未获证书，最新的是 csr-latest）。",
            new PortalTextLocalizer().Localize(pending.Text, CultureInfo.GetCultureInfo("zh-Hans")));
    }

    private static NodeLedgerFacts Facts(LedgerCertificate? client = null, LedgerCertificate? serving = null, PendingRenewal? clientPending = null,
        PendingRenewal? servingPending = null) =>
        new("node-1", client, serving, clientPending, servingPending, "abcdef");

    /// <summary>A one-year certificate of which <paramref name="used"/> of the lifetime has passed at <see cref="Now"/>.</summary>
    private static LedgerCertificate Cert(double used, CertificateKind kind = CertificateKind.Client, bool? chains = true)
    {
        var lifetime = TimeSpan.FromDays(365);
        var notBefore = Now - (lifetime * used);
        return new LedgerCertificate("0A1B", "CN = kubernetes", "O = system:nodes, CN = system:node:node-1", "node-1", kind, notBefore, notBefore + lifetime,
            "AA:BB", chains, "csr-1", "uid-1", null, notBefore, Now);
    }

    private static PendingRenewal Pending(TimeSpan age, int attempts = 1, bool stillPending = true) => new(Now - age, attempts, "csr-latest", stillPending);
}

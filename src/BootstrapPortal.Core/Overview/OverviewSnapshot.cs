using BootstrapPortal.Core.Cluster;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Preflight;
using BootstrapPortal.Core.Text;

namespace BootstrapPortal.Core.Overview;

/// <summary>
/// What the Overview shows: what needs a person now (each item counted, with the list that fixes it), the charts, and the
/// connection. Built once per change of its inputs and shared by every session.
/// </summary>
public sealed record OverviewSnapshot(
    DateTimeOffset BuiltAt,
    bool Loaded,
    ConnectionSummary Connection,
    int Nodes,
    int ReadyNodes,
    IReadOnlyList<AttentionItem> Attention,
    IReadOnlyList<ExpiryBucket> ExpiryHistogram,
    int ExpiredCertificates,
    IReadOnlyList<CsrHourBucket> CsrsPerHour,
    PreflightStatus? Preflight,
    DateTimeOffset? PreflightRanAt)
{
    /// <summary>The number of days the expiry histogram spans.</summary>
    public const int ExpiryDays = 30;

    /// <summary>The number of hours the CSR chart spans.</summary>
    public const int CsrHours = 24;

    public static OverviewSnapshot Empty { get; } = new(DateTimeOffset.MinValue, false, new ConnectionSummary(ConnectionState.Connecting, ConnectionText.Starting.Text), 0, 0, [], [], 0, [],
        null, null);

    /// <summary>Items that need a person (<see cref="AttentionItem.Count"/> above zero).</summary>
    public IReadOnlyList<AttentionItem> Open => [.. Attention.Where(a => a.Count > 0)];
}

/// <summary>Certificates (client and serving, as the ledger holds them for current Nodes) whose notAfter falls on day <paramref name="Day"/> (0 = today).</summary>
public sealed record ExpiryBucket(int Day, DateOnly Date, int Client, int Serving)
{
    public int Total => Client + Serving;
}

/// <summary>CSRs created in the hour starting at <paramref name="Start"/>, by the state they are in now.</summary>
public sealed record CsrHourBucket(DateTimeOffset Start, IReadOnlyDictionary<CsrState, int> ByState)
{
    public int Total => ByState.Values.Sum();
}

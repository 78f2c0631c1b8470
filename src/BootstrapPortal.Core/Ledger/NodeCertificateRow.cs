namespace BootstrapPortal.Core.Ledger;

/// <summary>One Node with its current certificates from the ledger and its rotation health.</summary>
public sealed record NodeCertificateRow(
    string Name,
    bool? Ready,
    string? KubeletVersion,
    LedgerCertificate? Client,
    LedgerCertificate? Serving,
    PendingRenewal? ClientPending,
    PendingRenewal? ServingPending,
    RotationAssessment Rotation,
    string? JoinedWithToken)
{
    /// <summary>The sooner of the two certificates' expiries; null when the ledger has neither.</summary>
    public DateTimeOffset? NextExpiry =>
        Client is null ? Serving?.NotAfter : Serving is null ? Client.NotAfter : Client.NotAfter < Serving.NotAfter ? Client.NotAfter : Serving.NotAfter;
}

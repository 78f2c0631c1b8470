namespace BootstrapPortal.Core.Ledger;

/// <summary>What the ledger knows about one node's certificates (see <see cref="LedgerReader.NodeFactsAsync"/>).</summary>
public sealed record NodeLedgerFacts(
    string Node,
    LedgerCertificate? Client,
    LedgerCertificate? Serving,
    PendingRenewal? ClientPending,
    PendingRenewal? ServingPending,
    string? JoinedWithToken)
{
    public static NodeLedgerFacts None(string node) => new(node, null, null, null, null, null);
}

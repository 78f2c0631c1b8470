namespace BootstrapPortal.Core.Ledger;

/// <summary>How the ledger's writer is doing, for the UI and <c>/metrics</c>.</summary>
public sealed record LedgerStatus(
    bool Synced,
    int QueueLength,
    long RecordsWritten,
    long WriteFailures,
    long Overflows,
    DateTimeOffset? LastWriteAt,
    DateTimeOffset? LastSyncAt,
    string? LastError);

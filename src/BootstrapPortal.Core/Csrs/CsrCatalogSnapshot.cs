namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// Every CSR with its verdict, built once per change of the cache (or of the serving policy, or every
/// <see cref="CsrCatalog.ClockRefresh"/> for the clock-dependent parts) and shared by every reader.
/// </summary>
public sealed class CsrCatalogSnapshot
{
    private readonly Dictionary<string, CsrEntry> _byName;

    public CsrCatalogSnapshot(IReadOnlyList<CsrEntry> entries, CsrVerdictContext context, DateTimeOffset builtAt)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Entries = entries;
        Context = context ?? throw new ArgumentNullException(nameof(context));
        BuiltAt = builtAt;
        _byName = entries.GroupBy(e => e.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        PendingCount = entries.Count(e => e.View.IsPending);
        BulkApprovableCount = entries.Count(CsrApprovalRules.IsBulkApprovable);
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<CsrEntry> Entries { get; }

    public CsrVerdictContext Context { get; }

    public DateTimeOffset BuiltAt { get; }

    public int PendingCount { get; }

    /// <summary>What "Approve all pending that pass" approves now (<see cref="CsrApprovalRules.IsBulkApprovable"/>).</summary>
    public int BulkApprovableCount { get; }

    public CsrEntry? Find(string name) => _byName.TryGetValue(name, out var entry) ? entry : null;
}

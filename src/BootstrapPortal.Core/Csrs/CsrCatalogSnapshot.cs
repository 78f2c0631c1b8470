using BootstrapPortal.Core.Paging;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// Every CSR with its verdict, built once per change of the cache or of the serving policy (and for the few verdicts the clock
/// can change, see <see cref="CsrCatalog.ClockRecheck"/>) and shared by every reader. It holds no "now": ages and time left
/// are computed where they are shown (<see cref="CsrView.AgeAt"/>). Sorted orders and facets are made on first use and kept.
/// When only Nodes moved and no verdict changed (a fleet's heartbeats), the next snapshot shares this one's entries, name
/// index, sorted orders and facets (<see cref="WithContext"/>) and differs only by its <see cref="Context"/>: readers that
/// show entries compare <see cref="Entries"/> by reference.
/// </summary>
public sealed class CsrCatalogSnapshot
{
    private readonly Dictionary<string, CsrEntry> _byName;
    private readonly Lazy<CsrFacets> _facets;
    private readonly SortedIndex<CsrEntry, CsrSortKey> _index;

    public CsrCatalogSnapshot(IReadOnlyList<CsrEntry> entries, CsrVerdictContext context, DateTimeOffset builtAt, long version = 0)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Entries = entries;
        Context = context ?? throw new ArgumentNullException(nameof(context));
        BuiltAt = builtAt;
        Version = version;
        _byName = new Dictionary<string, CsrEntry>(entries.Count, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            _byName.TryAdd(entry.Name, entry);
        }

        PendingCount = entries.Count(e => e.View.IsPending);
        BulkApprovableCount = entries.Count(CsrApprovalRules.IsBulkApprovable);
        _facets = new Lazy<CsrFacets>(() => CsrFacets.From(entries));
        _index = new SortedIndex<CsrEntry, CsrSortKey>(entries, SortValueOf, e => e.Name);
    }

    private CsrCatalogSnapshot(CsrCatalogSnapshot shared, CsrVerdictContext context, DateTimeOffset builtAt, long version)
    {
        Entries = shared.Entries;
        Context = context;
        BuiltAt = builtAt;
        Version = version;
        _byName = shared._byName;
        _facets = shared._facets;
        _index = shared._index;
        PendingCount = shared.PendingCount;
        BulkApprovableCount = shared.BulkApprovableCount;
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<CsrEntry> Entries { get; }

    public CsrVerdictContext Context { get; }

    public DateTimeOffset BuiltAt { get; }

    /// <summary>Grows by one with every snapshot the catalogue builds.</summary>
    public long Version { get; }

    public int PendingCount { get; }

    /// <summary>What "Approve all pending that pass" approves now (<see cref="CsrApprovalRules.IsBulkApprovable"/>).</summary>
    public int BulkApprovableCount { get; }

    /// <summary>The signers, requestors and nodes of the entries (for the filter drop-downs).</summary>
    public CsrFacets Facets => _facets.Value;

    /// <summary>The same entries, name index, sorted orders and facets with another context (its Nodes moved, no verdict did): no sort, no count.</summary>
    public CsrCatalogSnapshot WithContext(CsrVerdictContext context, DateTimeOffset builtAt, long version)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new CsrCatalogSnapshot(this, context, builtAt, version);
    }

    public CsrEntry? Find(string name) => _byName.TryGetValue(name, out var entry) ? entry : null;

    /// <summary>One page of the entries matching <paramref name="query"/>; throws <see cref="ArgumentException"/> when the query is out of range.</summary>
    public CsrListPage Query(CsrListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var filter = query.Filter;
        var (items, total, next) = _index.Page(filter.Matches, query.Sort, query.Direction, query.Offset, query.Limit, query.After);
        return new CsrListPage(items, total, next, Version, BuiltAt, Facets);
    }

    /// <summary>The value an entry is ordered by for <paramref name="key"/>.</summary>
    public static SortValue SortValueOf(CsrEntry entry, CsrSortKey key)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var view = entry.View;
        return key switch
        {
            CsrSortKey.Created => SortValue.Of(view.CreatedAt),
            CsrSortKey.Requestor => SortValue.Of(view.Username),
            CsrSortKey.Node => SortValue.Of(view.NodeName),
            CsrSortKey.Signer => SortValue.Of(view.SignerName),
            CsrSortKey.State => SortValue.Of((long)view.State),
            CsrSortKey.Verdict => SortValue.Of((long)entry.Verdict.Result),
            CsrSortKey.CertificateExpires => SortValue.Of(view.CertificateNotAfter),
            CsrSortKey.DecidedAt => SortValue.Of(view.DecidedAt),
            _ => SortValue.None,
        };
    }
}

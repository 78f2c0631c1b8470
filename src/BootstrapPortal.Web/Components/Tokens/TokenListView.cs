using System.Globalization;
using BootstrapPortal.Core.Tokens;
using BootstrapPortal.Web.Components.Shared;

namespace BootstrapPortal.Web.Components.Tokens;

/// <summary>
/// The filter, search, sort and page of the tokens table as the query string carries them, as a pure function of the list
/// (tested without rendering). A token whose Secret is being deleted (<c>deletionTimestamp</c> set, e.g. held by a
/// finalizer) is <em>terminating</em>, shown apart from its expiry status.
/// </summary>
public sealed class TokenListView
{
    public static readonly IReadOnlyCollection<string> SortKeys = ["id", "status", "expires", "created", "usedby"];

    public IReadOnlySet<TokenStatus> Statuses { get; set; } = new HashSet<TokenStatus>();

    /// <summary>Only tokens whose Secret is terminating.</summary>
    public bool TerminatingOnly { get; set; }

    public string Search { get; set; } = string.Empty;

    public ListPaging Paging { get; set; } = ListPaging.Default;

    public IReadOnlyList<BootstrapTokenInfo> Apply(IEnumerable<BootstrapTokenInfo> tokens) => Apply(tokens, new HashSet<string>());

    /// <param name="terminating">Secret names of the tokens being deleted.</param>
    public IReadOnlyList<BootstrapTokenInfo> Apply(IEnumerable<BootstrapTokenInfo> tokens, IReadOnlySet<string> terminating)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(terminating);
        var terms = Search.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var matching = tokens
            .Where(t => Statuses.Count == 0 || Statuses.Contains(t.Status))
            .Where(t => !TerminatingOnly || terminating.Contains(t.SecretName))
            .Where(t => terms.All(term => Matches(t, term)));
        var desc = Paging.Descending;
        IOrderedEnumerable<BootstrapTokenInfo> ordered = Paging.Sort switch
        {
            "id" => desc ? matching.OrderByDescending(t => t.Id, StringComparer.Ordinal) : matching.OrderBy(t => t.Id, StringComparer.Ordinal),
            "status" => desc ? matching.OrderByDescending(t => Rank(t.Status)) : matching.OrderBy(t => Rank(t.Status)),
            "expires" => desc ? matching.OrderByDescending(t => t.Expiration ?? DateTimeOffset.MaxValue) : matching.OrderBy(t => t.Expiration ?? DateTimeOffset.MaxValue),
            "created" => desc ? matching.OrderByDescending(t => t.CreatedAt ?? DateTimeOffset.MinValue) : matching.OrderBy(t => t.CreatedAt ?? DateTimeOffset.MinValue),
            "usedby" => desc ? matching.OrderByDescending(t => t.UsedByCsrs.Count) : matching.OrderBy(t => t.UsedByCsrs.Count),
            _ => matching.OrderBy(t => Rank(t.Status)),
        };
        return ordered
            .ThenBy(t => t.Expiration ?? DateTimeOffset.MaxValue)
            .ThenBy(t => t.Id, StringComparer.Ordinal)
            .ToArray();
    }

    public static IReadOnlyDictionary<TokenStatus, int> Count(IEnumerable<BootstrapTokenInfo> tokens) =>
        Enum.GetValues<TokenStatus>().ToDictionary(s => s, s => tokens.Count(t => t.Status == s));

    /// <summary>Reads the query string (<c>status=expired,invalid</c>, <c>terminating=true</c>, <c>q</c>, paging); bad values are ignored with a note.</summary>
    public static TokenListView Parse(string? status, string? terminating, string? search, string? page, string? size, string? sort, string? order, ICollection<string> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var view = new TokenListView
        {
            Statuses = QueryValues.EnumSet<TokenStatus>(status, "token status", notes),
            Search = QueryValues.Text(search, "search text", notes) ?? string.Empty,
            Paging = ListPaging.Parse(page, size, sort, order, SortKeys, notes),
        };
        if (!string.IsNullOrEmpty(terminating))
        {
            if (bool.TryParse(terminating, out var only))
            {
                view.TerminatingOnly = only;
            }
            else
            {
                notes.Add("The terminating filter in the address is neither true nor false; it is ignored.");
            }
        }

        return view;
    }

    public Dictionary<string, object?> ToQuery()
    {
        var query = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["status"] = Statuses.Count == 0 ? null : string.Join(',', Statuses.Order().Select(s => s.ToString())),
            ["terminating"] = TerminatingOnly ? "true" : null,
            ["q"] = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim(),
        };
        Paging.AddTo(query);
        return query;
    }

    /// <summary>The state as one comparable string (the page re-reads the address only when it differs).</summary>
    public string Key => string.Join('&', ToQuery().Where(kv => kv.Value is not null).Select(kv => kv.Key + "=" + Convert.ToString(kv.Value, CultureInfo.InvariantCulture)));

    /// <summary>Whether two pages of rows show the same: the same tokens in order, each with the same status, expiry and use.</summary>
    public static bool SameRows(IReadOnlyList<BootstrapTokenInfo> a, IReadOnlyList<BootstrapTokenInfo> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            var (x, y) = (a[i], b[i]);
            if (!ReferenceEquals(x, y) && (x.Id != y.Id || x.Status != y.Status || x.Expiration != y.Expiration || x.Description != y.Description
                || x.InvalidReason != y.InvalidReason || !x.UsedByCsrs.SequenceEqual(y.UsedByCsrs) || !x.JoinedNodes.SequenceEqual(y.JoinedNodes)
                || x.Terminating != y.Terminating || !x.ExtraGroups.SequenceEqual(y.ExtraGroups) || !x.Usages.SequenceEqual(y.Usages)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Matches(BootstrapTokenInfo token, string term) =>
        Contains(token.Id, term)
        || Contains(token.Description, term)
        || Contains(token.NodeName, term)
        || token.ExtraGroups.Any(g => Contains(g, term))
        || token.Usages.Any(u => Contains(u, term))
        || token.JoinedNodes.Any(n => Contains(n, term))
        || token.UsedByCsrs.Any(c => Contains(c, term));

    private static bool Contains(string? value, string term) => value?.Contains(term, StringComparison.OrdinalIgnoreCase) == true;

    // Problems first: an operator opens this page to act on invalid and expiring tokens.
    private static int Rank(TokenStatus status) => status switch
    {
        TokenStatus.Invalid => 0,
        TokenStatus.Expired => 1,
        TokenStatus.ExpiringSoon => 2,
        TokenStatus.Valid => 3,
        _ => 4,
    };
}

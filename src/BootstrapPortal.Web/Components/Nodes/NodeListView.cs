using System.Globalization;
using System.Text;
using System.Text.Json;
using BootstrapPortal.Core.Ledger;
using BootstrapPortal.Core.Paging;
using BootstrapPortal.Web.Api;
using BootstrapPortal.Web.Components.Shared;

namespace BootstrapPortal.Web.Components.Nodes;

/// <summary>
/// The Nodes page's address (filters, sort column, page) as a <see cref="NodeListQuery"/> of the shared board, the expiry
/// timeline's buckets and the CSV/JSON exports of what the filters show (tested without rendering).
/// </summary>
public sealed class NodeListView
{
    public static readonly int[] ExpiryChoices = [1, 7, 30, 90];

    /// <summary>The widest expiry window the address may carry (a link from the Overview uses the ledger's window).</summary>
    public const int MaxExpiryDays = 365;

    /// <summary>The expiry choices of the filter, with <paramref name="current"/> among them when the address set another window.</summary>
    public static IEnumerable<int> ExpiryChoicesWith(int? current) =>
        current is { } days && !ExpiryChoices.Contains(days) ? ExpiryChoices.Append(days).Order() : ExpiryChoices;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string? Search { get; set; }

    public int? ExpiringWithinDays { get; set; }

    public bool UnhealthyOnly { get; set; }

    /// <summary>The column keys of the address (<c>sort=</c>) and the board's order each stands for.</summary>
    private static readonly Dictionary<string, NodeSortKey> Columns = new(StringComparer.Ordinal)
    {
        ["name"] = NodeSortKey.Name,
        ["ready"] = NodeSortKey.Ready,
        ["rotation"] = NodeSortKey.Rotation,
        ["client"] = NodeSortKey.ClientExpiry,
        ["serving"] = NodeSortKey.ServingExpiry,
        ["kubelet"] = NodeSortKey.KubeletVersion,
    };

    public static readonly IReadOnlyCollection<string> SortKeys = Columns.Keys.ToArray();

    public ListPaging Paging { get; set; } = ListPaging.Default;

    /// <summary>
    /// The board query of the filters and order, for the rows from <paramref name="offset"/> (up to <paramref name="limit"/>);
    /// without a sort column the board's own order (least healthy, then soonest expiry first).
    /// </summary>
    public NodeListQuery ToListQuery(int offset = 0, int limit = ListLimits.DefaultLimit) => new()
    {
        Search = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim(),
        ExpiringWithinDays = ExpiringWithinDays,
        UnhealthyOnly = UnhealthyOnly,
        Sort = Paging.Sort is { } column && Columns.TryGetValue(column, out var key) ? key : NodeSortKey.Health,
        Direction = Paging.Sort is not null && Paging.Descending ? SortDirection.Descending : SortDirection.Ascending,
        Offset = offset,
        Limit = limit,
    };

    /// <summary>The page of <see cref="Paging"/> from <paramref name="board"/>, moved to the last page when the list has fewer rows than its first.</summary>
    public NodeListPage PageOf(NodeBoard board)
    {
        ArgumentNullException.ThrowIfNull(board);
        var page = board.Query(ToListQuery(Paging.Offset, Paging.Size));
        var within = Paging.Within(page.Total);
        if (within != Paging)
        {
            Paging = within;
            page = board.Query(ToListQuery(Paging.Offset, Paging.Size));
        }

        return page;
    }

    /// <summary>Reads the query string (<c>q</c>, <c>expiring</c> days, <c>unhealthy=true</c>, paging); bad values are ignored with a note.</summary>
    public static NodeListView Parse(string? search, string? expiring, string? unhealthy, string? page, string? size, string? sort, string? order, ICollection<string> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var view = new NodeListView
        {
            Search = QueryValues.Text(search, "search text", notes),
            Paging = ListPaging.Parse(page, size, sort, order, SortKeys, notes),
        };
        if (!string.IsNullOrEmpty(expiring))
        {
            if (int.TryParse(expiring, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is >= 1 and <= MaxExpiryDays)
            {
                view.ExpiringWithinDays = days;
            }
            else
            {
                notes.Add($"The expiry window in the address is not a number of days from 1 to {MaxExpiryDays}; it is ignored.");
            }
        }

        if (!string.IsNullOrEmpty(unhealthy))
        {
            if (bool.TryParse(unhealthy, out var only))
            {
                view.UnhealthyOnly = only;
            }
            else
            {
                notes.Add("The not-healthy filter in the address is neither true nor false; it is ignored.");
            }
        }

        return view;
    }

    public Dictionary<string, object?> ToQuery()
    {
        var query = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["q"] = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim(),
            ["expiring"] = ExpiringWithinDays?.ToString(CultureInfo.InvariantCulture),
            ["unhealthy"] = UnhealthyOnly ? "true" : null,
        };
        Paging.AddTo(query);
        return query;
    }

    /// <summary>The state as one comparable string (the page re-reads the address only when it differs).</summary>
    public string Key => string.Join('&', ToQuery().Where(kv => kv.Value is not null).Select(kv => kv.Key + "=" + Convert.ToString(kv.Value, CultureInfo.InvariantCulture)));

    /// <summary>Whether two pages of rows show the same: the same nodes in order with the same readiness, certificates and rotation.</summary>
    public static bool SameRows(IReadOnlyList<NodeCertificateRow> a, IReadOnlyList<NodeCertificateRow> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.Count == b.Count && a.Zip(b).All(p => ReferenceEquals(p.First, p.Second) || (p.First.Name == p.Second.Name && p.First.Ready == p.Second.Ready
            && p.First.KubeletVersion == p.Second.KubeletVersion && p.First.JoinedWithToken == p.Second.JoinedWithToken
            && p.First.Client?.SerialNumber == p.Second.Client?.SerialNumber && p.First.Serving?.SerialNumber == p.Second.Serving?.SerialNumber
            && p.First.Rotation.Status == p.Second.Rotation.Status
            && p.First.Rotation.Reasons.Select(r => r.Message).SequenceEqual(p.Second.Rotation.Reasons.Select(r => r.Message))));
    }

    /// <summary>
    /// Certificates expiring per bucket from <paramref name="now"/> over <paramref name="horizon"/> (expired ones in the first):
    /// hourly up to 2 days, daily up to 14 days, weekly up to 120 days, else monthly.
    /// </summary>
    public static ExpiryTimelineData Timeline(IEnumerable<NodeCertificateRow> rows, DateTimeOffset now, TimeSpan horizon)
    {
        ArgumentNullException.ThrowIfNull(rows);
        horizon = horizon < TimeSpan.FromHours(1) ? TimeSpan.FromHours(1) : horizon;
        var width = horizon <= TimeSpan.FromDays(2) ? TimeSpan.FromHours(1)
            : horizon <= TimeSpan.FromDays(14) ? TimeSpan.FromDays(1)
            : horizon <= TimeSpan.FromDays(120) ? TimeSpan.FromDays(7)
            : TimeSpan.FromDays(30);
        var buckets = (int)Math.Ceiling(horizon / width);
        var hourly = width < TimeSpan.FromDays(1);
        // At most about twelve labels, so they stay readable; the other buckets are unlabelled.
        var step = Math.Max(1, (int)Math.Ceiling(buckets / 12.0));
        var labels = Enumerable.Range(0, buckets)
            .Select(i => i % step == 0 ? Label(now + (width * i), hourly) : string.Empty)
            .ToArray();
        var client = new double[buckets];
        var serving = new double[buckets];
        foreach (var row in rows)
        {
            Add(row.Client, client);
            Add(row.Serving, serving);
        }

        return new ExpiryTimelineData(labels, client, serving, horizon, width);

        void Add(LedgerCertificate? certificate, double[] series)
        {
            if (certificate is null)
            {
                return;
            }

            var index = (int)Math.Floor((certificate.NotAfter - now) / width);
            if (index < buckets)
            {
                series[Math.Max(0, index)]++;
            }
        }
    }

    /// <summary>The timeline's horizon when no filter sets one: up to the last expiry shown, between 1 day and 365 days.</summary>
    public static TimeSpan DefaultHorizon(IEnumerable<NodeCertificateRow> rows, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var last = rows.Select(r => r.Client?.NotAfter > r.Serving?.NotAfter ? r.Client?.NotAfter : r.Serving?.NotAfter ?? r.Client?.NotAfter)
            .Where(x => x is not null).Select(x => x!.Value - now).DefaultIfEmpty(TimeSpan.FromDays(90)).Max();
        return TimeSpan.FromDays(Math.Clamp(Math.Ceiling(last.TotalDays), 1, 365));
    }

    public static string ToCsv(IEnumerable<NodeCertificateRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var csv = new StringBuilder();
        csv.Append("name,ready,kubelet_version,client_serial,client_not_after,serving_serial,serving_not_after,rotation_status,rotation_reasons,joined_with_token\r\n");
        foreach (var r in rows)
        {
            csv.AppendJoin(',', new[]
            {
                r.Name, r.Ready switch { true => "true", false => "false", _ => string.Empty }, r.KubeletVersion, r.Client?.SerialNumber,
                Instant(r.Client?.NotAfter), r.Serving?.SerialNumber, Instant(r.Serving?.NotAfter), r.Rotation.Status.ToString().ToLowerInvariant(),
                string.Join(' ', r.Rotation.Reasons.Select(x => x.Code)), r.JoinedWithToken,
            }.Select(Field)).Append("\r\n");
        }

        return csv.ToString();
    }

    public static string ToJson(IEnumerable<NodeCertificateRow> rows) => JsonSerializer.Serialize(rows.Select(NodeResponse.From).ToArray(), Json);

    /// <summary>A bucket's label: the UTC hour, or the day in the reader's short form (<see cref="TimeText.Day(DateTimeOffset)"/>).</summary>
    private static string Label(DateTimeOffset start, bool hourly) =>
        hourly ? start.UtcDateTime.ToString("HH:00", CultureInfo.InvariantCulture) : TimeText.Day(start);

    private static string? Instant(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>RFC 4180 quoting; a leading formula character is neutralised so spreadsheets do not evaluate cluster data.</summary>
    private static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}

/// <summary>The expiry timeline's labels and counts per bucket, one series per certificate kind.</summary>
public sealed record ExpiryTimelineData(string[] Labels, double[] Client, double[] Serving, TimeSpan Horizon, TimeSpan BucketWidth)
{
    public double Total => Client.Sum() + Serving.Sum();
}

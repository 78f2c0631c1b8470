using System.Globalization;
using BootstrapPortal.Core.Audit;
using CsvHelper;

namespace BootstrapPortal.Web.Components.Audit;

/// <summary>
/// The audit trail as CSV (RFC 4180, UTF-8, a header row). Cells that a spreadsheet would run as a formula (starting with
/// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>) are escaped: reasons and names come from people.
/// </summary>
public static class AuditCsv
{
    /// <summary>The most rows one export holds.</summary>
    public const int MaxRows = 50_000;

    public static readonly string[] Header =
        ["id", "time", "actor", "actorKind", "action", "outcome", "targetKind", "targetNamespace", "targetName", "targetUid", "reason", "detail"];

    public static byte[] Write(IEnumerable<AuditRecord> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, new CsvWriterOptions { Injection = CsvInjection.Escape }, true))
        {
            foreach (var name in Header)
            {
                csv.WriteField(name);
            }

            csv.EndRecord();
            foreach (var e in entries)
            {
                csv.WriteField(e.Id.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(DateTime.SpecifyKind(e.Time, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
                csv.WriteField(e.Actor);
                csv.WriteField(e.ActorKind.ToString());
                csv.WriteField(e.Action);
                csv.WriteField(e.Outcome.ToString());
                csv.WriteField(e.TargetKind);
                csv.WriteField(e.TargetNamespace ?? string.Empty);
                csv.WriteField(e.TargetName);
                csv.WriteField(e.TargetUid ?? string.Empty);
                csv.WriteField(e.Reason ?? string.Empty);
                csv.WriteField(e.Detail ?? string.Empty);
                csv.EndRecord();
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Every entry matching <paramref name="filter"/> (newest first, at most <see cref="MaxRows"/>), read page by page.</summary>
    public static async Task<IReadOnlyList<AuditRecord>> ReadAllAsync(IAuditStore store, AuditQuery filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(filter);
        var all = new List<AuditRecord>();
        while (all.Count < MaxRows)
        {
            var page = await store.QueryAsync(filter with { Skip = all.Count, Take = AuditQuery.MaxTake }, cancellationToken);
            all.AddRange(page.Items);
            if (page.Items.Count < AuditQuery.MaxTake)
            {
                break;
            }
        }

        return all.Count > MaxRows ? all[..MaxRows] : all;
    }
}

using System.Globalization;
using BootstrapPortal.Core.Certificates;

namespace BootstrapPortal.Core.Csrs;

/// <summary>Small formatting helpers shared by the verdict checks (lists, durations, instants), invariant culture.</summary>
internal static class CsrCheckText
{
    public static string List(IEnumerable<string> values) => "[" + string.Join(", ", values) + "]";

    public static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays == Math.Floor(span.TotalDays)
            ? span.TotalDays.ToString(CultureInfo.InvariantCulture) + (span.TotalDays == 1 ? " day" : " days")
            : span.TotalHours >= 1 ? span.TotalHours.ToString("0.##", CultureInfo.InvariantCulture) + " hours"
            : span.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture) + " minutes";

    public static string Count(int n, string singular, string plural) => n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? singular : plural);

    /// <summary>The SANs Kubernetes looks at, by kind: <c>DNS a, b; IP c</c>.</summary>
    public static string Sans(SubjectAlternativeNames sans)
    {
        var parts = new List<string>();
        Add(parts, "DNS", sans.DnsNames);
        Add(parts, "IP", sans.IpAddresses);
        Add(parts, "email", sans.EmailAddresses);
        Add(parts, "URI", sans.Uris);
        return parts.Count == 0 ? "none" : string.Join("; ", parts);
    }

    private static void Add(List<string> parts, string kind, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            parts.Add(kind + " " + string.Join(", ", values));
        }
    }
}

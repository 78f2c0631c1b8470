using System.Globalization;
using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Core.Text;

namespace BootstrapPortal.Core.Csrs;

/// <summary>Small formatting helpers shared by the verdict checks (lists, instants, SANs), invariant culture; durations are <see cref="TextDuration"/>.</summary>
internal static class CsrCheckText
{
    public static string List(IEnumerable<string> values) => "[" + string.Join(", ", values) + "]";

    public static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The SANs Kubernetes looks at, by kind: <c>DNS a, b; IP c</c> (a text argument: "none" is translated).</summary>
    public static object Sans(SubjectAlternativeNames sans)
    {
        var parts = new List<string>();
        Add(parts, "DNS", sans.DnsNames);
        Add(parts, "IP", sans.IpAddresses);
        Add(parts, "email", sans.EmailAddresses);
        Add(parts, "URI", sans.Uris);
        return parts.Count == 0 ? CommonText.None.Text : string.Join("; ", parts);
    }

    private static void Add(List<string> parts, string kind, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            parts.Add(kind + " " + string.Join(", ", values));
        }
    }
}

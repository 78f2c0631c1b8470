using System.Net;

namespace BootstrapPortal.Core.Tests.Certificates;

/// <summary>Reads fields out of <c>openssl req|x509 -noout -text</c> output.</summary>
internal sealed class OpenSslText(string text)
{
    private readonly string[] _lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

    public string Raw => text;

    /// <summary>The rest of the first line (trimmed) that starts with <paramref name="prefix"/> after indentation.</summary>
    public string? Value(string prefix) =>
        _lines.Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..].Trim();

    public bool Has(string prefix) => _lines.Any(l => l.Trim().StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>For an extension heading such as "X509v3 Key Usage:", its value line and whether it is critical.</summary>
    public (string Value, bool Critical)? Extension(string heading)
    {
        for (var i = 0; i < _lines.Length - 1; i++)
        {
            var line = _lines[i].Trim();
            if (line.StartsWith(heading, StringComparison.Ordinal))
            {
                return (_lines[i + 1].Trim(), line.EndsWith("critical", StringComparison.Ordinal));
            }
        }

        return null;
    }

    public static IReadOnlyList<string> List(string value) =>
        value.Split(", ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static readonly IReadOnlyDictionary<string, string> KeyUsageNames = new Dictionary<string, string>
    {
        ["Digital Signature"] = "digitalSignature",
        ["Non Repudiation"] = "nonRepudiation",
        ["Key Encipherment"] = "keyEncipherment",
        ["Data Encipherment"] = "dataEncipherment",
        ["Key Agreement"] = "keyAgreement",
        ["Certificate Sign"] = "keyCertSign",
        ["CRL Sign"] = "cRLSign",
        ["Encipher Only"] = "encipherOnly",
        ["Decipher Only"] = "decipherOnly",
    };

    public static readonly IReadOnlyDictionary<string, string> ExtendedKeyUsageNames = new Dictionary<string, string>
    {
        ["TLS Web Server Authentication"] = "serverAuth",
        ["TLS Web Client Authentication"] = "clientAuth",
        ["Code Signing"] = "codeSigning",
        ["E-mail Protection"] = "emailProtection",
        ["Time Stamping"] = "timeStamping",
        ["OCSP Signing"] = "OCSPSigning",
        ["Any Extended Key Usage"] = "anyExtendedKeyUsage",
    };

    /// <summary>openssl's SAN line split by kind, IP addresses normalised to .NET's text.</summary>
    public static (List<string> Dns, List<string> Ip, List<string> Email, List<string> Uri) Sans(string value)
    {
        var result = (new List<string>(), new List<string>(), new List<string>(), new List<string>());
        foreach (var entry in List(value))
        {
            if (entry.StartsWith("DNS:", StringComparison.Ordinal))
            {
                result.Item1.Add(entry[4..]);
            }
            else if (entry.StartsWith("IP Address:", StringComparison.Ordinal))
            {
                result.Item2.Add(IPAddress.Parse(entry[11..]).ToString());
            }
            else if (entry.StartsWith("email:", StringComparison.Ordinal))
            {
                result.Item3.Add(entry[6..]);
            }
            else if (entry.StartsWith("URI:", StringComparison.Ordinal))
            {
                result.Item4.Add(entry[4..]);
            }
        }

        return result;
    }

    /// <summary>Subject attributes printed by <c>-subject -nameopt sep_multiline,sname,utf8,-esc_msb</c>.</summary>
    public static IReadOnlyList<(string Type, string Value)> SubjectLines(string output) =>
        output.Split('\n')
            .Skip(1)
            .Select(l => l.TrimEnd('\r'))
            .Where(l => l.StartsWith("    ", StringComparison.Ordinal))
            .Select(l => l.Trim())
            .Select(l => (l[..l.IndexOf('=', StringComparison.Ordinal)], l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]))
            .ToList();
}

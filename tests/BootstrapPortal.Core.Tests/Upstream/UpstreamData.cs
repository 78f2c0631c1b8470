using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BootstrapPortal.Core.Certificates;

namespace BootstrapPortal.Core.Tests.Upstream;

/// <summary>
/// Kubernetes' own test tables, transcribed into the JSON files beside this one (each names its source file and test), and
/// the helpers that turn their cases into inputs for the shared rule code.
/// </summary>
internal static partial class UpstreamData
{
    public static JsonObject Load(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Directory(), file)))!.AsObject();

    /// <summary>Expands <c>{a*63}</c> into 63 letters a.</summary>
    public static string Expand(string text) => Repeat().Replace(text, m => new string(m.Groups[1].Value[0], int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)));

    public static string[] Strings(JsonNode? node) => node is JsonArray array ? [.. array.Select(n => n!.GetValue<string>())] : [];

    /// <summary>A PKCS#10 request with the given subject and SANs (ECDSA P-256; upstream's key types do not matter to these rules).</summary>
    public static byte[] RequestPem(string commonName, IReadOnlyList<string> organizations, IReadOnlyList<string>? dns = null, IReadOnlyList<string>? ips = null,
        IReadOnlyList<string>? emails = null, IReadOnlyList<string>? uris = null)
    {
        var builder = new X500DistinguishedNameBuilder();
        foreach (var organization in organizations)
        {
            builder.AddOrganizationName(organization);
        }

        if (commonName.Length > 0)
        {
            builder.AddCommonName(commonName);
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(builder.Build(), key, HashAlgorithmName.SHA256);
        if ((dns?.Count ?? 0) + (ips?.Count ?? 0) + (emails?.Count ?? 0) + (uris?.Count ?? 0) > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var d in dns ?? [])
            {
                san.AddDnsName(d);
            }

            foreach (var ip in ips ?? [])
            {
                san.AddIpAddress(IPAddress.Parse(ip));
            }

            foreach (var e in emails ?? [])
            {
                san.AddEmailAddress(e);
            }

            foreach (var u in uris ?? [])
            {
                san.AddUri(new Uri(u));
            }

            request.CertificateExtensions.Add(san.Build());
        }

        return Encoding.ASCII.GetBytes(request.CreateSigningRequestPem());
    }

    public static CertificateRequestFacts Facts(byte[] pem)
    {
        Assert.True(CertificateRequestFactsReader.TryRead(pem, out var facts, out var error), error);
        return facts!;
    }

    [GeneratedRegex(@"\{(.)\*(\d+)\}")]
    private static partial Regex Repeat();

    private static string Directory([CallerFilePath] string source = "") => Path.GetDirectoryName(source)!;
}

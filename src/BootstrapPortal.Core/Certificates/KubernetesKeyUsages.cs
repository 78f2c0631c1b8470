using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BootstrapPortal.Core.Certificates;

/// <summary>
/// Maps CSR <c>spec.usages</c> strings to X.509 KeyUsage bits and ExtendedKeyUsage OIDs as kube-controller-manager's signer
/// does (<c>authority/policies.go</c> <c>keyUsagesFromStrings</c>): EKUs de-duplicated and sorted by Go's enum order.
/// </summary>
public static class KubernetesKeyUsages
{
    private static readonly Dictionary<string, X509KeyUsageFlags> KeyUsages = new(StringComparer.Ordinal)
    {
        ["signing"] = X509KeyUsageFlags.DigitalSignature,
        ["digital signature"] = X509KeyUsageFlags.DigitalSignature,
        ["content commitment"] = X509KeyUsageFlags.NonRepudiation,
        ["key encipherment"] = X509KeyUsageFlags.KeyEncipherment,
        ["key agreement"] = X509KeyUsageFlags.KeyAgreement,
        ["data encipherment"] = X509KeyUsageFlags.DataEncipherment,
        ["cert sign"] = X509KeyUsageFlags.KeyCertSign,
        ["crl sign"] = X509KeyUsageFlags.CrlSign,
        ["encipher only"] = X509KeyUsageFlags.EncipherOnly,
        ["decipher only"] = X509KeyUsageFlags.DecipherOnly,
    };

    // Value = (Go x509.ExtKeyUsage enum order, OID).
    private static readonly Dictionary<string, (int Order, string Oid)> ExtendedKeyUsages = new(StringComparer.Ordinal)
    {
        ["any"] = (0, "2.5.29.37.0"),
        ["server auth"] = (1, "1.3.6.1.5.5.7.3.1"),
        ["client auth"] = (2, "1.3.6.1.5.5.7.3.2"),
        ["code signing"] = (3, "1.3.6.1.5.5.7.3.3"),
        ["email protection"] = (4, "1.3.6.1.5.5.7.3.4"),
        ["s/mime"] = (4, "1.3.6.1.5.5.7.3.4"),
        ["ipsec end system"] = (5, "1.3.6.1.5.5.7.3.5"),
        ["ipsec tunnel"] = (6, "1.3.6.1.5.5.7.3.6"),
        ["ipsec user"] = (7, "1.3.6.1.5.5.7.3.7"),
        ["timestamping"] = (8, "1.3.6.1.5.5.7.3.8"),
        ["ocsp signing"] = (9, "1.3.6.1.5.5.7.3.9"),
        ["microsoft sgc"] = (10, "1.3.6.1.4.1.311.10.3.3"),
        ["netscape sgc"] = (11, "2.16.840.1.113730.4.1"),
    };

    /// <summary>Maps usages; returns false with Go's error text on an unknown usage.</summary>
    public static bool TryMap(IEnumerable<string> usages, out X509KeyUsageFlags keyUsage, out IReadOnlyList<Oid> extendedKeyUsages, out string? error)
    {
        ArgumentNullException.ThrowIfNull(usages);
        keyUsage = X509KeyUsageFlags.None;
        var ekus = new SortedDictionary<int, string>();
        var unrecognized = new List<string>();
        foreach (var usage in usages)
        {
            if (KeyUsages.TryGetValue(usage, out var flag))
            {
                keyUsage |= flag;
            }
            else if (ExtendedKeyUsages.TryGetValue(usage, out var eku))
            {
                ekus[eku.Order] = eku.Oid;
            }
            else
            {
                unrecognized.Add(usage);
            }
        }

        extendedKeyUsages = ekus.Values.Select(oid => new Oid(oid)).ToArray();
        if (unrecognized.Count > 0)
        {
            error = "unrecognized usage values: [" + string.Join(' ', unrecognized.Select(u => "\"" + u + "\"")) + "]";
            return false;
        }

        error = null;
        return true;
    }
}

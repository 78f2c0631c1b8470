using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BootstrapPortal.Sandbox.Server;

namespace BootstrapPortal.Sandbox.Certificates;

/// <summary>CSR validation of <c>k/k pkg/apis/certificates/validation/validation.go</c> over JSON objects.</summary>
internal static partial class CsrValidation
{
    public const string LegacyUnknownSigner = "kubernetes.io/legacy-unknown";

    public static readonly IReadOnlyList<string> KnownUsages =
    [
        "any", "cert sign", "client auth", "code signing", "content commitment", "crl sign", "data encipherment", "decipher only",
        "digital signature", "email protection", "encipher only", "ipsec end system", "ipsec tunnel", "ipsec user", "key agreement",
        "key encipherment", "microsoft sgc", "netscape sgc", "ocsp signing", "s/mime", "server auth", "signing", "timestamping",
    ];

    public const string Dns1123LabelError = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    public const string Dns1123SubdomainError = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    [GeneratedRegex(@"\A[a-z0-9]([-a-z0-9]*[a-z0-9])?\z")]
    internal static partial Regex Dns1123Label();

    [GeneratedRegex(@"\A[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\z")]
    internal static partial Regex Dns1123Subdomain();

    /// <summary>Validation on create and on every update (<paramref name="old"/> non-null), for the given subresource.</summary>
    public static List<FieldError> Validate(JsonObject csr, JsonObject? old, string? subresource)
    {
        var errors = new List<FieldError>();
        var spec = csr["spec"] as JsonObject ?? new JsonObject();
        var requestBase64 = spec["request"]?.GetValue<string>();
        var requestBytes = requestBase64 is null ? null : Convert.FromBase64String(requestBase64);
        var requestError = ValidateRequest(requestBytes ?? []);
        if (requestError is not null)
        {
            errors.Add(FieldError.Invalid("spec.request", GoBytes(requestBytes), requestError));
        }

        // Tolerate what the stored object already violates (getValidationOptions of validation.go).
        var oldUsages = old is null ? null : Usages(old);
        var allowUnknownUsages = oldUsages is not null && oldUsages.Any(u => !KnownUsages.Contains(u));
        var allowDuplicateUsages = oldUsages is not null && oldUsages.Distinct(StringComparer.Ordinal).Count() != oldUsages.Count;
        var oldConditionTypes = old is null ? null : Conditions(old).Select(c => c.Type).ToList();
        var allowEmptyConditionType = oldConditionTypes?.Contains(string.Empty) == true;
        var allowDuplicateConditionTypes = oldConditionTypes is not null && oldConditionTypes.Distinct(StringComparer.Ordinal).Count() != oldConditionTypes.Count;
        var allowBothApprovedAndDenied = oldConditionTypes is not null && oldConditionTypes.Contains("Approved") && oldConditionTypes.Contains("Denied");
        var newCertificateText = csr["status"]?["certificate"]?.GetValue<string>() ?? string.Empty;
        var oldCertificateText = old?["status"]?["certificate"]?.GetValue<string>() ?? string.Empty;
        var allowArbitraryCertificate = old is not null
            && (newCertificateText == oldCertificateText || ValidateCertificate(Convert.FromBase64String(oldCertificateText)) is not null);

        var usages = Usages(csr);
        if (usages.Count == 0)
        {
            errors.Add(FieldError.Required("spec.usages"));
        }

        for (var i = 0; i < usages.Count && !allowUnknownUsages; i++)
        {
            if (!KnownUsages.Contains(usages[i]))
            {
                errors.Add(FieldError.NotSupported($"spec.usages[{i}]", FieldError.Quote(usages[i]), KnownUsages));
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < usages.Count && !allowDuplicateUsages; i++)
        {
            if (!seen.Add(usages[i]))
            {
                errors.Add(FieldError.Duplicate($"spec.usages[{i}]", FieldError.Quote(usages[i])));
            }
        }

        var signerName = spec["signerName"]?.GetValue<string>() ?? string.Empty;
        var oldSigner = old?["spec"]?["signerName"]?.GetValue<string>();
        if (signerName == LegacyUnknownSigner && oldSigner != LegacyUnknownSigner)
        {
            errors.Add(FieldError.Invalid("spec.signerName", FieldError.Quote(signerName), "the legacy signerName is not allowed via this API version"));
        }
        else
        {
            errors.AddRange(ValidateSignerName("spec.signerName", signerName));
        }

        if (spec["expirationSeconds"] is JsonValue expiration && expiration.GetValue<long>() < 600)
        {
            errors.Add(FieldError.Invalid("spec.expirationSeconds", expiration.GetValue<long>(),
                "may not specify a duration less than 600 seconds (10 minutes)"));
        }

        var conditions = Conditions(csr);
        var seenTypes = new HashSet<string>(StringComparer.Ordinal);
        var hasApproved = false;
        var hasDenied = false;
        for (var i = 0; i < conditions.Count; i++)
        {
            var (type, status) = conditions[i];
            var path = $"status.conditions[{i}]";
            if (type.Length == 0 && !allowEmptyConditionType)
            {
                errors.Add(FieldError.Required(path + ".type"));
            }

            string[] allowed = type is "Approved" or "Denied" or "Failed" ? ["True"] : ["False", "True", "Unknown"];
            if (status.Length == 0)
            {
                errors.Add(FieldError.Required(path + ".status"));
            }
            else if (!allowed.Contains(status))
            {
                errors.Add(FieldError.NotSupported(path + ".status", FieldError.Quote(status), allowed));
            }

            if (type == "Approved" && !allowBothApprovedAndDenied)
            {
                hasApproved = true;
                if (hasDenied)
                {
                    errors.Add(FieldError.Invalid(path + ".type", FieldError.Quote(type), "Approved and Denied conditions are mutually exclusive"));
                }
            }
            else if (type == "Denied" && !allowBothApprovedAndDenied)
            {
                hasDenied = true;
                if (hasApproved)
                {
                    errors.Add(FieldError.Invalid(path + ".type", FieldError.Quote(type), "Approved and Denied conditions are mutually exclusive"));
                }
            }

            if (!seenTypes.Add(type) && !allowDuplicateConditionTypes)
            {
                errors.Add(FieldError.Duplicate(path + ".type", FieldError.Quote(type)));
            }
        }

        var certificate = csr["status"]?["certificate"]?.GetValue<string>();
        var certificateError = allowArbitraryCertificate ? null : ValidateCertificate(certificate is null ? [] : Convert.FromBase64String(certificate));
        if (certificateError is not null)
        {
            errors.Add(FieldError.Invalid("status.certificate", FieldError.Quote("<certificate data>"), certificateError));
        }

        if (old is not null)
        {
            var oldConditions = Conditions(old);
            foreach (var type in new[] { "Approved", "Denied", "Failed" })
            {
                if (conditions.Count(c => c.Type == type) < oldConditions.Count(c => c.Type == type))
                {
                    errors.Add(FieldError.Forbidden("status.conditions", $"updates may not remove a condition of type \"{type}\""));
                }
            }

            if (subresource != "approval")
            {
                foreach (var type in new[] { "Approved", "Denied" })
                {
                    var newOnes = ConditionNodes(csr, type);
                    var oldOnes = ConditionNodes(old, type);
                    if (newOnes.Count > oldOnes.Count)
                    {
                        errors.Add(FieldError.Forbidden("status.conditions", $"updates may not add a condition of type \"{type}\""));
                    }
                    else if (newOnes.Count == oldOnes.Count && !newOnes.Zip(oldOnes).All(p => JsonNode.DeepEquals(p.First, p.Second)))
                    {
                        errors.Add(FieldError.Forbidden("status.conditions", $"updates may not modify a condition of type \"{type}\""));
                    }
                }
            }

            var oldCertificate = old["status"]?["certificate"]?.GetValue<string>() ?? string.Empty;
            if ((certificate ?? string.Empty) != oldCertificate)
            {
                if (subresource != "status")
                {
                    errors.Add(FieldError.Forbidden("status.certificate", "updates may not set certificate content"));
                }
                else if (oldCertificate.Length > 0)
                {
                    errors.Add(FieldError.Forbidden("status.certificate", "updates may not modify existing certificate content"));
                }
            }
        }

        return errors;
    }

    /// <summary><c>ValidateSignerName</c> of k/k pkg/apis/core/validation: the first bad label of each part is reported, prefixed <c>validating label "…": </c>.</summary>
    public static List<FieldError> ValidateSignerName(string path, string signerName)
    {
        var errors = new List<FieldError>();
        if (signerName.Length == 0)
        {
            errors.Add(FieldError.Required(path));
            return errors;
        }

        var segments = signerName.Split('/');
        if (segments.Length != 2)
        {
            errors.Add(FieldError.Invalid(path, FieldError.Quote(signerName), "must be a fully qualified domain and path of the form 'example.com/signer-name'"));
            return errors;
        }

        const int MaxDomainLength = 253;
        if (segments[0].Length > MaxDomainLength)
        {
            errors.Add(TooLong(path, MaxDomainLength));
        }

        var domainLabels = segments[0].Split('.');
        foreach (var label in domainLabels)
        {
            var labelErrors = LabelErrors(label, 63, Dns1123Label(), Dns1123LabelError);
            if (labelErrors.Count > 0)
            {
                errors.AddRange(labelErrors.Select(e => FieldError.Invalid(path, FieldError.Quote(segments[0]), $"validating label {FieldError.Quote(label)}: {e}")));
                break;
            }
        }

        if (domainLabels.Length < 2)
        {
            errors.Add(FieldError.Invalid(path, FieldError.Quote(segments[0]), "should be a domain with at least two segments separated by dots"));
        }

        foreach (var label in segments[1].Split('.'))
        {
            var labelErrors = LabelErrors(label, 253, Dns1123Subdomain(), Dns1123SubdomainError);
            if (labelErrors.Count > 0)
            {
                errors.AddRange(labelErrors.Select(e => FieldError.Invalid(path, FieldError.Quote(segments[1]), $"validating label {FieldError.Quote(label)}: {e}")));
                break;
            }
        }

        const int MaxSignerNameLength = MaxDomainLength + (253 + 63 + 1) + 1;
        if (signerName.Length > MaxSignerNameLength)
        {
            errors.Add(TooLong(path, MaxSignerNameLength));
        }

        return errors;
    }

    /// <summary>apimachinery <c>IsDNS1123Label</c>/<c>IsDNS1123Subdomain</c>: the length error, then the format error.</summary>
    private static List<string> LabelErrors(string label, int maxLength, Regex pattern, string formatError)
    {
        var list = new List<string>();
        if (label.Length > maxLength)
        {
            list.Add($"must be no more than {maxLength} characters");
        }

        if (!pattern.IsMatch(label))
        {
            list.Add(formatError);
        }

        return list;
    }

    private static FieldError TooLong(string path, int maxLength) => new("FieldValueTooLong", path, $"Too long: may not be more than {maxLength} bytes");

    /// <summary>Go's <c>%#v</c> of a byte slice: <c>[]byte{0x2d, 0xa}</c>.</summary>
    public static string GoBytes(byte[]? bytes) => bytes is null
        ? "[]byte(nil)"
        : "[]byte{" + string.Join(", ", bytes.Select(b => "0x" + b.ToString("x", System.Globalization.CultureInfo.InvariantCulture))) + "}";

    private static string? ValidateRequest(byte[] requestBytes)
    {
        var text = Encoding.UTF8.GetString(requestBytes);
        var begin = text.IndexOf("-----BEGIN ", StringComparison.Ordinal);
        if (begin < 0 || !text[begin..].StartsWith("-----BEGIN CERTIFICATE REQUEST-----", StringComparison.Ordinal))
        {
            return "PEM block type must be CERTIFICATE REQUEST";
        }

        try
        {
            CertificateSigningRequestInfo.Parse(text[begin..]);
            return null;
        }
        catch (CryptographicException ex)
        {
            return ex.Message.Contains("signature", StringComparison.OrdinalIgnoreCase)
                ? "x509: ECDSA verification failure"
                : "asn1: structure error: " + ex.Message;
        }
        catch (ArgumentException ex)
        {
            return "asn1: structure error: " + ex.Message;
        }
    }

    private static string? ValidateCertificate(byte[] data)
    {
        if (data.Length == 0)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(data);
        var blocks = 0;
        var index = 0;
        while (true)
        {
            var begin = text.IndexOf("-----BEGIN ", index, StringComparison.Ordinal);
            if (begin < 0)
            {
                break;
            }

            var typeEnd = text.IndexOf("-----", begin + 11, StringComparison.Ordinal);
            if (typeEnd < 0)
            {
                break;
            }

            var type = text[(begin + 11)..typeEnd];
            var endMarker = "-----END " + type + "-----";
            var end = text.IndexOf(endMarker, typeEnd, StringComparison.Ordinal);
            if (end < 0)
            {
                break;
            }

            if (type != "CERTIFICATE")
            {
                return $"only CERTIFICATE PEM blocks are allowed, found \"{type}\"";
            }

            var body = text[(typeEnd + 5)..end];
            if (body.Contains(':', StringComparison.Ordinal))
            {
                return "no PEM block headers are permitted";
            }

            index = end + endMarker.Length;
            byte[] der;
            try
            {
                der = Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c))));
            }
            catch (FormatException)
            {
                // Go's pem.Decode does not see a block whose body is not base64.
                continue;
            }

            blocks++;
            if (der.Length == 0)
            {
                return "found CERTIFICATE PEM block containing 0 certificates";
            }

            try
            {
                using var certificate = X509CertificateLoader.LoadCertificate(der);
            }
            catch (CryptographicException)
            {
                return "x509: malformed certificate";
            }
        }

        return blocks == 0 ? "must contain at least one CERTIFICATE PEM block" : null;
    }

    private static List<string> Usages(JsonObject csr) =>
        (csr["spec"]?["usages"] as JsonArray)?.Select(u => u?.GetValue<string>() ?? string.Empty).ToList() ?? [];

    private static List<(string Type, string Status)> Conditions(JsonObject csr) =>
        (csr["status"]?["conditions"] as JsonArray)?.Select(c => (c?["type"]?.GetValue<string>() ?? string.Empty,
            c?["status"]?.GetValue<string>() ?? string.Empty)).ToList() ?? [];

    private static List<JsonNode?> ConditionNodes(JsonObject csr, string type) =>
        (csr["status"]?["conditions"] as JsonArray)?.Where(c => c?["type"]?.GetValue<string>() == type).ToList() ?? [];
}

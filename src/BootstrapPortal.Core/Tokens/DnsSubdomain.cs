using System.Text.RegularExpressions;

namespace BootstrapPortal.Core.Tokens;

/// <summary>Kubernetes' DNS-1123 subdomain rule (apimachinery <c>IsDNS1123Subdomain</c>): what a Node name must be.</summary>
public static partial class DnsSubdomain
{
    public const int MaxLength = 253;

    [GeneratedRegex(@"\A[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>Null when <paramref name="value"/> is a valid subdomain, else the reason.</summary>
    public static string? Validate(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "must not be empty";
        }

        if (value.Length > MaxLength)
        {
            return $"must be no more than {MaxLength} characters";
        }

        return Pattern().IsMatch(value)
            ? null
            : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com')";
    }
}

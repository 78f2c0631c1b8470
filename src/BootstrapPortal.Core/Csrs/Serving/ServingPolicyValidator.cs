using System.Net;
using System.Text.RegularExpressions;

namespace BootstrapPortal.Core.Csrs.Serving;

/// <summary>Validates every field of a <see cref="ServingPolicy"/>; each error names its field and never echoes a long input.</summary>
public static class ServingPolicyValidator
{
    public const int MaxPatternLength = 256;
    public const int MaxPrefixes = 64;
    public const int MaxSanLimit = 100;
    public const double MinDnsTimeoutSeconds = 0.1;
    public const double MaxDnsTimeoutSeconds = 30;
    public const long MinExpirationSeconds = 600;
    public const long MaxExpirationSecondsLimit = 10L * 366 * 24 * 3600;

    /// <summary>How long a node-name pattern may run on one name before it counts as not matching.</summary>
    public static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    public static IReadOnlyList<ServingPolicyError> Validate(ServingPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var errors = new List<ServingPolicyError>();
        if (policy.NodeNamePattern.Length > MaxPatternLength)
        {
            errors.Add(new("nodeNamePattern", $"must be at most {MaxPatternLength} characters."));
        }
        else if (policy.NodeNamePattern.Length > 0 && CompilePattern(policy.NodeNamePattern, out var patternError) is null)
        {
            errors.Add(new("nodeNamePattern", "is not a valid regular expression: " + patternError));
        }

        if (policy.AllowedIpPrefixes.Count > MaxPrefixes)
        {
            errors.Add(new("allowedIpPrefixes", $"may list at most {MaxPrefixes} prefixes."));
        }
        else
        {
            for (var i = 0; i < policy.AllowedIpPrefixes.Count; i++)
            {
                if (!TryParsePrefix(policy.AllowedIpPrefixes[i], out _))
                {
                    errors.Add(new($"allowedIpPrefixes[{i}]", "is not a CIDR prefix such as 10.0.0.0/8 or fd00::/8 (no host bits after the prefix length)."));
                }
            }
        }

        if (policy.MaxDnsNames is < 0 or > MaxSanLimit)
        {
            errors.Add(new("maxDnsNames", $"must be between 0 and {MaxSanLimit}."));
        }

        if (policy.MaxIpAddresses is < 0 or > MaxSanLimit)
        {
            errors.Add(new("maxIpAddresses", $"must be between 0 and {MaxSanLimit}."));
        }

        if (policy.MaxDnsNames == 0 && policy.MaxIpAddresses == 0)
        {
            errors.Add(new("maxIpAddresses", "maxDnsNames and maxIpAddresses cannot both be 0: a serving certificate needs at least one subjectAltName."));
        }

        if (double.IsNaN(policy.DnsTimeoutSeconds) || policy.DnsTimeoutSeconds < MinDnsTimeoutSeconds || policy.DnsTimeoutSeconds > MaxDnsTimeoutSeconds)
        {
            errors.Add(new("dnsTimeoutSeconds", $"must be between {MinDnsTimeoutSeconds} and {MaxDnsTimeoutSeconds} seconds."));
        }

        if (policy.MaxExpirationSeconds is { } seconds && (seconds < MinExpirationSeconds || seconds > MaxExpirationSecondsLimit))
        {
            errors.Add(new("maxExpirationSeconds", $"must be empty or between {MinExpirationSeconds} (Kubernetes' minimum) and {MaxExpirationSecondsLimit}."));
        }

        return errors;
    }

    /// <summary>The pattern anchored to the whole name, with a match timeout; null (and the reason) when it does not compile.</summary>
    public static Regex? CompilePattern(string pattern, out string? error)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        try
        {
            error = null;
            return new Regex("^(?:" + pattern + ")$", RegexOptions.CultureInvariant, PatternTimeout);
        }
        catch (ArgumentException ex)
        {
            error = ex.Message.Length > 200 ? ex.Message[..200] + "…" : ex.Message;
            return null;
        }
    }

    /// <summary>Parses a CIDR prefix strictly: a valid address, a length within its family, no host bits set.</summary>
    public static bool TryParsePrefix(string? text, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 64 || !text.Contains('/', StringComparison.Ordinal))
        {
            return false;
        }

        var trimmed = text.Trim();
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        if (!IPAddress.TryParse(trimmed[..slash], out var address) || !IPNetwork.TryParse(trimmed, out var parsed))
        {
            return false;
        }

        // IPNetwork masks host bits silently; a prefix with host bits set (10.0.0.1/8) is almost always a typo, so refuse it.
        if (!parsed.BaseAddress.Equals(address))
        {
            return false;
        }

        network = parsed;
        return true;
    }
}

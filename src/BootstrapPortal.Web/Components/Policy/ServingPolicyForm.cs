using System.Globalization;
using BootstrapPortal.Core.Csrs.Serving;
using BootstrapPortal.Web.Resources;
using Microsoft.Extensions.Localization;

namespace BootstrapPortal.Web.Components.Policy;

/// <summary>
/// The policy page's editable copy of a <see cref="ServingPolicy"/>: prefixes as one per line, the lifetime as text. Parsing is
/// total (<see cref="TryGetPolicy"/> gives errors keyed by the policy's field names, as the API does).
/// </summary>
public sealed class ServingPolicyForm
{
    public bool Enabled { get; set; }

    public string NodeNamePattern { get; set; } = string.Empty;

    public string AllowedIpPrefixes { get; set; } = string.Empty;

    public int MaxDnsNames { get; set; }

    public int MaxIpAddresses { get; set; }

    public bool SansWithinNodeAddresses { get; set; }

    public bool ResolveDnsNames { get; set; }

    public double DnsTimeoutSeconds { get; set; }

    public string MaxExpirationSeconds { get; set; } = string.Empty;

    public bool OnlyExistingNodes { get; set; }

    public static ServingPolicyForm From(ServingPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new ServingPolicyForm
        {
            Enabled = policy.Enabled,
            NodeNamePattern = policy.NodeNamePattern,
            AllowedIpPrefixes = string.Join('\n', policy.AllowedIpPrefixes),
            MaxDnsNames = policy.MaxDnsNames,
            MaxIpAddresses = policy.MaxIpAddresses,
            SansWithinNodeAddresses = policy.SansWithinNodeAddresses,
            ResolveDnsNames = policy.ResolveDnsNames,
            DnsTimeoutSeconds = policy.DnsTimeoutSeconds,
            MaxExpirationSeconds = policy.MaxExpirationSeconds?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            OnlyExistingNodes = policy.OnlyExistingNodes,
        };
    }

    /// <summary>The policy the form describes, or the errors (field → message) that stop it.</summary>
    public bool TryGetPolicy(IStringLocalizer<PolicyText> L, out ServingPolicy? policy, out IReadOnlyDictionary<string, string> errors)
    {
        ArgumentNullException.ThrowIfNull(L);
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        long? maxExpiration = null;
        var text = MaxExpirationSeconds.Trim();
        if (text.Length > 0)
        {
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                maxExpiration = seconds;
            }
            else
            {
                found["maxExpirationSeconds"] = L["must be a whole number of seconds, or empty."];
            }
        }

        var candidate = new ServingPolicy
        {
            Enabled = Enabled,
            NodeNamePattern = NodeNamePattern?.Trim() ?? string.Empty,
            AllowedIpPrefixes = [.. (AllowedIpPrefixes ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            MaxDnsNames = MaxDnsNames,
            MaxIpAddresses = MaxIpAddresses,
            SansWithinNodeAddresses = SansWithinNodeAddresses,
            ResolveDnsNames = ResolveDnsNames,
            DnsTimeoutSeconds = DnsTimeoutSeconds,
            MaxExpirationSeconds = maxExpiration,
            OnlyExistingNodes = OnlyExistingNodes,
        };
        foreach (var error in ServingPolicyValidator.Validate(candidate))
        {
            var field = error.Field.StartsWith("allowedIpPrefixes", StringComparison.Ordinal) ? "allowedIpPrefixes" : error.Field;
            var message = field == error.Field ? error.Message : L["line {0}: {1}", LineOf(error.Field), error.Message].Value;
            found[field] = found.TryGetValue(field, out var existing) ? existing + " " + message : message;
        }

        errors = found;
        policy = found.Count == 0 ? candidate : null;
        return policy is not null;
    }

    private static string LineOf(string field)
    {
        var open = field.IndexOf('[', StringComparison.Ordinal);
        return open >= 0 && int.TryParse(field[(open + 1)..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? (index + 1).ToString(CultureInfo.InvariantCulture)
            : "?";
    }
}

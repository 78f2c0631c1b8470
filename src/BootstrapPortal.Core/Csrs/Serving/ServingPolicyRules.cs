using System.Net;
using System.Text.RegularExpressions;

namespace BootstrapPortal.Core.Csrs.Serving;

/// <summary>A validated <see cref="ServingPolicy"/> ready to apply: the compiled node-name pattern and the parsed prefixes.</summary>
public sealed class ServingPolicyRules
{
    private ServingPolicyRules(ServingPolicy policy, Regex? nodeName, IReadOnlyList<IPNetwork> prefixes)
    {
        Policy = policy;
        NodeName = nodeName;
        Prefixes = prefixes;
    }

    public static ServingPolicyRules Default { get; } = Compile(ServingPolicy.Default);

    public ServingPolicy Policy { get; }

    /// <summary>The anchored node-name pattern; null when any name is allowed.</summary>
    public Regex? NodeName { get; }

    /// <summary>The allowed IP prefixes; empty when any address is allowed.</summary>
    public IReadOnlyList<IPNetwork> Prefixes { get; }

    public TimeSpan DnsTimeout => TimeSpan.FromSeconds(Policy.DnsTimeoutSeconds);

    /// <summary>Compiles a policy; throws <see cref="ArgumentException"/> naming the fields when it is invalid.</summary>
    public static ServingPolicyRules Compile(ServingPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var errors = ServingPolicyValidator.Validate(policy);
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid serving policy: " + string.Join("; ", errors.Select(e => $"{e.Field} {e.Message}")), nameof(policy));
        }

        var regex = policy.NodeNamePattern.Length == 0 ? null : ServingPolicyValidator.CompilePattern(policy.NodeNamePattern, out _);
        var prefixes = policy.AllowedIpPrefixes.Select(p => ServingPolicyValidator.TryParsePrefix(p, out var n) ? n : default).ToArray();
        return new ServingPolicyRules(policy, regex, prefixes);
    }

    /// <summary>Whether the whole node name matches the pattern (a pattern that runs too long counts as no match).</summary>
    public bool NodeNameMatches(string nodeName)
    {
        ArgumentNullException.ThrowIfNull(nodeName);
        if (NodeName is null)
        {
            return true;
        }

        try
        {
            return NodeName.IsMatch(nodeName);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>Whether <paramref name="address"/> lies in an allowed prefix (always, when none are configured).</summary>
    public bool AddressAllowed(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (Prefixes.Count == 0)
        {
            return true;
        }

        var candidate = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return Prefixes.Any(p => p.Contains(candidate));
    }
}

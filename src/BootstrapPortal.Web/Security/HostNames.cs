using System.Net;
using System.Net.Sockets;

namespace BootstrapPortal.Web.Security;

/// <summary>Host-name rules shared by the Host check, the Origin check, the listen-address rule and options validation.</summary>
public static class HostNames
{
    /// <summary>The names that always mean this machine, which local mode accepts with any port.</summary>
    public static IReadOnlyList<string> Loopback { get; } = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>Whether <paramref name="host"/> (no port; IPv6 with or without brackets) is one of the <see cref="Loopback"/> names.</summary>
    public static bool IsLoopbackName(string? host) =>
        host is not null && (Loopback.Contains(host, StringComparer.OrdinalIgnoreCase) || string.Equals(host, "::1", StringComparison.Ordinal));

    /// <summary>Whether a listen host (from a URL such as <c>http://127.0.0.2:5080</c>) binds to loopback only.</summary>
    public static bool IsLoopbackListenHost(string? host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var literal = host is ['[', .. var inner, ']'] ? inner : host;
        return IPAddress.TryParse(literal, out var address) && IsLoopbackAddress(address);
    }

    /// <summary>Loopback, including IPv4-mapped IPv6 loopback (<c>::ffff:127.0.0.1</c>).</summary>
    public static bool IsLoopbackAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return IPAddress.IsLoopback(address) || (address.IsIPv4MappedToIPv6 && IPAddress.IsLoopback(address.MapToIPv4()));
    }

    /// <summary>
    /// Null when <paramref name="entry"/> is a valid <c>Security:AllowedHosts</c> entry (a DNS name, <c>*.</c> followed by one,
    /// an IPv4 address or a bracketed IPv6 address; no scheme, port or path), else what is wrong.
    /// </summary>
    public static string? ValidateAllowedHost(string? entry)
    {
        if (string.IsNullOrWhiteSpace(entry))
        {
            return "is empty";
        }

        if (entry == "*" || entry.Contains("://", StringComparison.Ordinal) || entry.Contains('/', StringComparison.Ordinal))
        {
            return "must be a host name such as portal.example.com (no scheme, path or bare '*')";
        }

        if (entry.StartsWith('[') && entry.EndsWith(']'))
        {
            return IPAddress.TryParse(entry[1..^1], out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6
                ? null
                : "is not a valid bracketed IPv6 address";
        }

        var name = entry.StartsWith("*.", StringComparison.Ordinal) ? entry[2..] : entry;
        if (name.Length is 0 or > 253 || name.Contains(':', StringComparison.Ordinal))
        {
            return "must be a host name without a port (any port is allowed)";
        }

        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-' || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return "must be a host name of ASCII letters, digits, '-' and '.' (use punycode for international names)";
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="host"/> matches <paramref name="entry"/> (exact, or a subdomain of a <c>*.</c> entry), ignoring case.</summary>
    public static bool Matches(string host, string entry)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.StartsWith("*.", StringComparison.Ordinal))
        {
            var suffix = entry[1..];
            return host.Length > suffix.Length && host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase);
        }

        return string.Equals(host, entry, StringComparison.OrdinalIgnoreCase);
    }
}

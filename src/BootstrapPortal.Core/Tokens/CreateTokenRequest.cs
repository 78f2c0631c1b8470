namespace BootstrapPortal.Core.Tokens;

/// <summary>What to mint. Null members take the configured defaults (<see cref="TokenOptions"/>).</summary>
/// <param name="Ttl">Time to live; null = <see cref="TokenOptions.DefaultTtl"/>.</param>
/// <param name="NeverExpires">No <c>expiration</c> key; only when <see cref="TokenOptions.AllowNeverExpiring"/>.</param>
/// <param name="Description">Human text stored in the <c>description</c> key.</param>
/// <param name="Groups">Extra groups (<c>system:bootstrappers:…</c>); null = <see cref="TokenOptions.DefaultGroups"/>, empty = none.</param>
/// <param name="Usages">Usages (<c>authentication</c>, <c>signing</c>); null = both.</param>
/// <param name="NodeName">The node this token is meant for (a DNS-1123 subdomain).</param>
/// <param name="OneTime">Delete the token once <paramref name="NodeName"/>'s first client certificate is issued.</param>
public sealed record CreateTokenRequest(
    TimeSpan? Ttl = null,
    bool NeverExpires = false,
    string? Description = null,
    IReadOnlyList<string>? Groups = null,
    IReadOnlyList<string>? Usages = null,
    string? NodeName = null,
    bool OneTime = false);

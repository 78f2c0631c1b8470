namespace BootstrapPortal.Core.Tokens;

/// <summary>A <see cref="CreateTokenRequest"/> after validation and defaults: everything needed to write the Secret.</summary>
public sealed record ValidatedTokenRequest(
    TimeSpan? Ttl,
    string? Description,
    IReadOnlyList<string> Groups,
    IReadOnlyList<string> Usages,
    string? NodeName,
    bool OneTime);

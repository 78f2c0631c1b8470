namespace BootstrapPortal.Core.Tokens;

/// <summary>What a token's lineage reads from one CSR: the bootstrap token id it was requested with and the node its CN names (if any).</summary>
public sealed record CsrLineageFact(string TokenId, string? NodeName);

namespace BootstrapPortal.Core.Tokens;

/// <summary>A freshly minted token. <paramref name="Token"/> (<c>&lt;id&gt;.&lt;secret&gt;</c>) is returned once and never again.</summary>
public sealed record CreatedToken(string Id, string Token, DateTimeOffset? Expiration)
{
    /// <summary>Keeps the secret out of accidental <c>ToString()</c> calls (logs, exception messages).</summary>
    public override string ToString() => $"CreatedToken {{ Id = {Id}, Expiration = {Expiration:O} }}";
}

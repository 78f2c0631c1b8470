namespace BootstrapPortal.Core.Tokens;

/// <summary>Outcome of <see cref="BootstrapTokenAuthenticator.Authenticate"/>: a user, or the reason the token was not accepted.</summary>
public sealed record BootstrapTokenAuthenticationResult(bool Authenticated, string? UserName, IReadOnlyList<string> Groups, string Reason)
{
    public static BootstrapTokenAuthenticationResult Rejected(string reason) => new(false, null, [], reason);

    public static BootstrapTokenAuthenticationResult Accepted(string userName, IReadOnlyList<string> groups) =>
        new(true, userName, groups, string.Empty);
}

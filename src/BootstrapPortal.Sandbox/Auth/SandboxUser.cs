namespace BootstrapPortal.Sandbox.Auth;

/// <summary>An authenticated (or anonymous) user as the API server sees it after authentication and impersonation.</summary>
internal sealed record SandboxUser(string Name, string? Uid, IReadOnlyList<string> Groups, IReadOnlyDictionary<string, IReadOnlyList<string>> Extra)
{
    public const string Anonymous = "system:anonymous";
    public const string AuthenticatedGroup = "system:authenticated";
    public const string UnauthenticatedGroup = "system:unauthenticated";
    public const string MastersGroup = "system:masters";

    public static SandboxUser AnonymousUser { get; } = new(Anonymous, null, [UnauthenticatedGroup], new Dictionary<string, IReadOnlyList<string>>());

    /// <summary>The authenticated-group adder: appends system:authenticated unless already present, system:unauthenticated or anonymous.</summary>
    public static IReadOnlyList<string> WithAuthenticatedGroup(string name, IReadOnlyList<string> groups)
    {
        if (name == Anonymous || groups.Contains(AuthenticatedGroup) || groups.Contains(UnauthenticatedGroup))
        {
            return groups;
        }

        return [.. groups, AuthenticatedGroup];
    }
}

namespace BootstrapPortal.Core.Rbac;

/// <summary>
/// The namespaces and ServiceAccounts that exist, for the "binding to a missing ServiceAccount" finding. A set is null when it
/// could not be read (the reason says why); the finding then says what was not checked instead of guessing.
/// </summary>
public sealed record SubjectDirectory(
    IReadOnlySet<string>? Namespaces,
    string? NamespacesError,
    IReadOnlySet<string>? ServiceAccounts,
    string? ServiceAccountsError,
    DateTimeOffset ReadAt)
{
    /// <summary>Nothing known (e.g. before the first read).</summary>
    public static SubjectDirectory Unknown(string reason, DateTimeOffset at) => new(null, reason, null, reason, at);

    /// <summary>The key of a ServiceAccount in <see cref="ServiceAccounts"/>: <c>namespace/name</c>.</summary>
    public static string Key(string @namespace, string name) => @namespace + "/" + name;
}

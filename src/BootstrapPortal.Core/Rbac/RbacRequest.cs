namespace BootstrapPortal.Core.Rbac;

/// <summary>
/// Authorization attributes of one request, as kube-apiserver's request-info filter produces them (k8s.io/apiserver pkg/endpoints/request/requestinfo.go).
/// A resource request has <see cref="Resource"/>; a non-resource request has <see cref="Path"/>.
/// </summary>
public sealed record RbacRequest
{
    public required string User { get; init; }
    public IReadOnlyList<string> Groups { get; init; } = [];
    public required string Verb { get; init; }
    public string ApiGroup { get; init; } = string.Empty;
    public string? Resource { get; init; }
    public string? Subresource { get; init; }
    public string? Name { get; init; }
    public string? Namespace { get; init; }
    public string? Path { get; init; }

    public bool IsResourceRequest => Path is null;

    /// <summary>A resource request.</summary>
    public static RbacRequest ForResource(string user, IReadOnlyList<string> groups, string verb, string apiGroup, string resource,
        string? subresource = null, string? name = null, string? @namespace = null) => new()
        {
            User = user,
            Groups = groups,
            Verb = verb,
            ApiGroup = apiGroup,
            Resource = resource,
            Subresource = string.IsNullOrEmpty(subresource) ? null : subresource,
            Name = string.IsNullOrEmpty(name) ? null : name,
            Namespace = string.IsNullOrEmpty(@namespace) ? null : @namespace,
        };

    /// <summary>A non-resource request (e.g. <c>get /healthz</c>).</summary>
    public static RbacRequest ForPath(string user, IReadOnlyList<string> groups, string verb, string path) =>
        new() { User = user, Groups = groups, Verb = verb, Path = path };
}

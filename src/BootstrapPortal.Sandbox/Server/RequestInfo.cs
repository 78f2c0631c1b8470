namespace BootstrapPortal.Sandbox.Server;

/// <summary>Kubernetes request info (apiserver <c>pkg/endpoints/request/requestinfo.go</c>).</summary>
internal sealed record RequestInfo
{
    public required string Path { get; init; }
    public required string Verb { get; init; }
    public bool IsResourceRequest { get; init; }
    public string ApiPrefix { get; init; } = string.Empty;
    public string Group { get; init; } = string.Empty;
    public string Version { get; init; } = string.Empty;
    public string? Namespace { get; init; }
    public string Resource { get; init; } = string.Empty;
    public string? Name { get; init; }
    public string? Subresource { get; init; }
    public ResourceDefinition? Definition { get; init; }
    public bool IsWatch { get; init; }

    private static readonly string[] NamespaceSubresources = ["status", "finalize"];

    public static RequestInfo Parse(string method, string path, Microsoft.AspNetCore.Http.IQueryCollection query)
    {
        var parts = path.Trim('/').Split('/', StringSplitOptions.None);
        var lowerMethod = method.ToUpperInvariant();
        var nonResource = new RequestInfo { Path = path, Verb = lowerMethod.ToLowerInvariant() switch { "head" => "get", var m => m } };
        if (parts.Length < 3 || (parts[0] != "api" && parts[0] != "apis"))
        {
            return nonResource with { Verb = NonResourceVerb(method) };
        }

        string group;
        string version;
        int index;
        if (parts[0] == "api")
        {
            group = string.Empty;
            version = parts[1];
            index = 2;
        }
        else
        {
            if (parts.Length < 4)
            {
                return nonResource with { Verb = NonResourceVerb(method) };
            }

            group = parts[1];
            version = parts[2];
            index = 3;
        }

        var rest = parts[index..];
        if (rest.Length == 0 || rest[0].Length == 0)
        {
            return nonResource with { Verb = NonResourceVerb(method) };
        }

        // The deprecated watch paths: /api/v1/watch/namespaces/{ns}/secrets[/{name}] (requestinfo.go's "specialVerbs").
        var watchPrefix = false;
        if (rest[0] == "watch" && rest.Length > 1)
        {
            watchPrefix = true;
            rest = rest[1..];
        }

        string? ns = null;
        if (rest[0] == "namespaces" && rest.Length > 1)
        {
            ns = rest[1];
            if (rest.Length > 2 && !NamespaceSubresources.Contains(rest[2]))
            {
                rest = rest[2..];
            }
        }

        var resource = rest[0];
        var name = rest.Length > 1 ? rest[1] : null;
        var subresource = rest.Length > 2 ? rest[2] : null;
        var isWatch = watchPrefix || IsTrue(query["watch"].ToString());
        var fieldSelectorName = name is null ? TryNameFromFieldSelector(query["fieldSelector"].ToString()) : null;
        var verb = lowerMethod switch
        {
            "POST" => "create",
            "GET" or "HEAD" when watchPrefix => "watch",
            "GET" or "HEAD" => name is not null ? "get" : isWatch ? "watch" : "list",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => name is not null ? "delete" : "deletecollection",
            _ => lowerMethod.ToLowerInvariant(),
        };
        return new RequestInfo
        {
            Path = path,
            Verb = verb,
            IsResourceRequest = true,
            ApiPrefix = parts[0],
            Group = group,
            Version = version,
            Namespace = ns,
            Resource = resource,
            Name = name ?? ((verb is "list" or "watch") ? fieldSelectorName : null),
            Subresource = subresource,
            Definition = ResourceCatalog.Find(group, version, resource),
            IsWatch = watchPrefix || (isWatch && name is null),
        };
    }

    /// <summary>Go's strconv-ish parsing used for <c>watch</c>: anything but empty, "0" or "false" is true.</summary>
    public static bool IsTrue(string value) =>
        value.Length > 0 && !string.Equals(value, "0", StringComparison.Ordinal) && !string.Equals(value, "false", StringComparison.OrdinalIgnoreCase);

    private static string NonResourceVerb(string method) => method.ToUpperInvariant() switch
    {
        "GET" or "HEAD" => "get",
        "POST" => "post",
        "PUT" => "put",
        "PATCH" => "patch",
        "DELETE" => "delete",
        var m => m.ToLowerInvariant(),
    };

    private static string? TryNameFromFieldSelector(string selector)
    {
        if (string.IsNullOrEmpty(selector))
        {
            return null;
        }

        foreach (var term in selector.Split(','))
        {
            var t = term.Trim();
            foreach (var prefix in new[] { "metadata.name==", "metadata.name=" })
            {
                if (t.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return t[prefix.Length..];
                }
            }
        }

        return null;
    }
}

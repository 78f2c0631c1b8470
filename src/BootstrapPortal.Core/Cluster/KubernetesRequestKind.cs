namespace BootstrapPortal.Core.Cluster;

/// <summary>
/// The verb and resource of one request to the Kubernetes API, named as kube-apiserver names them in its
/// <c>apiserver_request_total</c> metric (k8s.io/apiserver pkg/endpoints/request/requestinfo.go): a GET of a collection is a
/// <c>list</c>, with <c>watch=true</c> a <c>watch</c>, of one object a <c>get</c>.
/// </summary>
public readonly record struct KubernetesRequestKind(string Verb, string Resource)
{
    /// <summary>Non-resource paths (discovery, <c>/version</c>, <c>/openapi</c>) have this resource.</summary>
    public const string NonResource = "";

    /// <summary>The kind of a request from its method and URL. Total: anything it cannot read is a non-resource request.</summary>
    public static KubernetesRequestKind Of(string method, Uri? uri)
    {
        ArgumentNullException.ThrowIfNull(method);
        var httpVerb = method.ToUpperInvariant();
        var path = uri is null ? string.Empty : uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString.Split('?', 2)[0];
        var query = uri is { IsAbsoluteUri: true } ? uri.Query : string.Empty;
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);

        // /api/v1/... or /apis/<group>/<version>/...
        var start = parts.Length >= 2 && parts[0] == "api" ? 2 : parts.Length >= 3 && parts[0] == "apis" ? 3 : -1;
        if (start < 0 || parts.Length <= start)
        {
            return new KubernetesRequestKind(httpVerb.ToLowerInvariant(), NonResource);
        }

        var rest = parts.AsSpan(start);
        if (rest.Length >= 3 && rest[0] == "namespaces")
        {
            rest = rest[2..];
        }
        else if (rest.Length == 2 && rest[0] == "namespaces")
        {
            // /api/v1/namespaces/<name>: the namespace object itself.
            return new KubernetesRequestKind(VerbFor(httpVerb, collection: false, query), "namespaces");
        }

        var resource = Uri.UnescapeDataString(rest[0]);
        var collection = rest.Length == 1;
        if (rest.Length >= 3)
        {
            resource += "/" + Uri.UnescapeDataString(rest[2]);
        }

        return new KubernetesRequestKind(VerbFor(httpVerb, collection, query), resource);
    }

    private static string VerbFor(string httpVerb, bool collection, string query) => httpVerb switch
    {
        "GET" or "HEAD" when collection && IsWatch(query) => "watch",
        "GET" or "HEAD" when collection => "list",
        "GET" or "HEAD" => "get",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" when collection => "deletecollection",
        "DELETE" => "delete",
        _ => httpVerb.ToLowerInvariant(),
    };

    private static bool IsWatch(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            if (kv[0] == "watch" && kv.Length == 2 && (kv[1] == "true" || kv[1] == "1"))
            {
                return true;
            }
        }

        return false;
    }
}

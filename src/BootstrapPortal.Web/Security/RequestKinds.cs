namespace BootstrapPortal.Web.Security;

/// <summary>How the request rules classify a request: by method and by the part of the portal it targets.</summary>
public static class RequestKinds
{
    public const string ApiPrefix = "/api";
    public const string BlazorHubPrefix = "/_blazor";

    /// <summary>Whether the method can change state (everything but GET, HEAD and OPTIONS).</summary>
    public static bool IsStateChanging(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));

    /// <summary>The JSON API (routing ignores case, so this does too).</summary>
    public static bool IsApi(PathString path) => path.StartsWithSegments(ApiPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A request of a machine client — the JSON API, or an endpoint marked <see cref="Authentication.MachineClientEndpoint"/>
    /// such as <c>/metrics</c>: refusals are 401/403 problem details, never a sign-in redirect.
    /// </summary>
    public static bool IsMachineClient(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return IsApi(context.Request.Path) || context.GetEndpoint()?.Metadata.GetMetadata<Authentication.MachineClientEndpoint>() is not null;
    }

    /// <summary>Blazor's hub: the WebSocket, negotiate, disconnect and the other transports of interactive pages.</summary>
    public static bool IsBlazorHub(PathString path) => path.StartsWithSegments(BlazorHubPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>The probes an orchestrator calls, which stay open to any client and host name.</summary>
    public static bool IsProbe(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && (request.Path.Equals("/healthz", StringComparison.OrdinalIgnoreCase) || request.Path.Equals("/readyz", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A WebSocket upgrade (HTTP/1.1 <c>Upgrade: websocket</c> or an HTTP/2 extended CONNECT).</summary>
    public static bool IsWebSocket(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.WebSockets.IsWebSocketRequest
            || context.Request.Headers.Upgrade.Any(v => string.Equals(v, "websocket", StringComparison.OrdinalIgnoreCase));
    }
}

using System.Net;
using Microsoft.Net.Http.Headers;

namespace BootstrapPortal.Web.Security;

/// <summary>
/// The rules that run on every request before authentication, each a pure function of the request that answers a
/// <see cref="RequestRefusal"/> or null. <see cref="RequestSafetyMiddleware"/> applies them in order.
/// </summary>
public static class RequestRules
{
    private const string SecFetchSite = "Sec-Fetch-Site";

    /// <summary>The Host header must name this portal: a DNS-rebinding page carries its own name and is refused here.</summary>
    public static RequestRefusal? CheckHost(HttpRequest request, AllowedHostList hosts, PortalSecurityMode mode)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(hosts);
        ArgumentNullException.ThrowIfNull(mode);
        if (hosts.Allows(request.Host.HasValue ? request.Host.Host : null))
        {
            return null;
        }

        var detail = mode.IsLocal
            ? "Without login the portal answers only to localhost, 127.0.0.1 and [::1]. If this is a name of the portal, add it to Security:AllowedHosts."
            : "The portal answers only to the names in Security:AllowedHosts. If this is a name of the portal, add it there.";
        return new RequestRefusal(StatusCodes.Status400BadRequest, "This host name is not served", detail, "host not allowed");
    }

    /// <summary>In local mode only clients on this machine are served (the address after trusted forwarded headers).</summary>
    public static RequestRefusal? CheckLoopbackClient(IPAddress? remote) =>
        remote is null || HostNames.IsLoopbackAddress(remote) ? null : LoopbackOnly;

    /// <summary>The answer to a client that local mode does not serve.</summary>
    public static RequestRefusal LoopbackOnly { get; } = new(
        StatusCodes.Status403Forbidden,
        "Anonymous access is limited to loopback",
        "This portal has no login configured, so it only serves clients on the same machine. Configure login (" + PortalSecurityMode.AuthorityKey + "), or set Security:AllowRemoteAnonymous=true on an isolated network.",
        "client not on loopback");

    /// <summary>
    /// State-changing requests, and every request to Blazor's hub, are refused when the browser says they come from another
    /// site: an <c>Origin</c> other than the request's own (or an allowed host), <c>Origin: null</c> unless
    /// <c>Sec-Fetch-Site: same-origin</c> comes with it, or <c>Sec-Fetch-Site: cross-site</c>/<c>same-site</c>. The hub's WebSocket and its POSTs must carry a same-origin
    /// <c>Origin</c>; the JSON API also serves clients that send none (scripts, curl).
    /// </summary>
    public static RequestRefusal? CheckCrossSite(HttpContext context, AllowedHostList hosts)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(hosts);
        var request = context.Request;
        var stateChanging = RequestKinds.IsStateChanging(request.Method);
        var hub = RequestKinds.IsBlazorHub(request.Path);
        if (!stateChanging && !hub)
        {
            return null;
        }

        var site = request.Headers[SecFetchSite].ToString();
        if (string.Equals(site, "cross-site", StringComparison.OrdinalIgnoreCase) || string.Equals(site, "same-site", StringComparison.OrdinalIgnoreCase))
        {
            return CrossSite("Sec-Fetch-Site shows another site");
        }

        var origin = request.Headers.Origin;
        if (origin.Count > 1)
        {
            return CrossSite("more than one Origin");
        }

        if (origin.Count == 1)
        {
            // Under the portal's own Referrer-Policy: no-referrer, a browser sends "Origin: null" with the form posts of the
            // portal's own pages (the sign-out form); the fetch metadata, which no page can set, then tells whether the post
            // came from the portal. Without it, "null" is refused: a sandboxed frame of any site sends it too.
            if (string.Equals(origin.ToString(), "null", StringComparison.Ordinal))
            {
                return string.Equals(site, "same-origin", StringComparison.OrdinalIgnoreCase) ? null : CrossSite("Origin null without same-origin fetch metadata");
            }

            return IsOwnOrigin(origin.ToString(), request, hosts) ? null : CrossSite("Origin is another site");
        }

        return hub && (stateChanging || RequestKinds.IsWebSocket(context))
            ? new RequestRefusal(
                StatusCodes.Status403Forbidden,
                "Cross-site request refused",
                "The portal's live connection is only opened from the portal's own pages (a same-origin Origin header is required).",
                "hub request without Origin")
            : null;
    }

    /// <summary>
    /// Every state-changing API call must declare a JSON body (<c>Content-Type: application/json</c>, the body itself may be
    /// empty or <c>{}</c>). No form or <c>text/plain</c> post, which a foreign page can send without a CORS preflight, reaches
    /// the API.
    /// </summary>
    public static RequestRefusal? CheckApiContentType(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!RequestKinds.IsApi(request.Path) || !RequestKinds.IsStateChanging(request.Method) || IsJson(request.ContentType))
        {
            return null;
        }

        return new RequestRefusal(
            StatusCodes.Status415UnsupportedMediaType,
            "The request must be JSON",
            "State-changing API calls need the header Content-Type: application/json (send {} when there is nothing else to say).",
            "API call without a JSON content type");
    }

    /// <summary>A declared body larger than the API's limit is refused before it is read (a chunked one fails while read).</summary>
    public static RequestRefusal? CheckApiBodyLength(HttpRequest request, long limit)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RequestKinds.IsApi(request.Path) && request.ContentLength > limit ? BodyTooLarge(limit) : null;
    }

    public static RequestRefusal BodyTooLarge(long limit) => new(
        StatusCodes.Status413PayloadTooLarge,
        "The request body is too large",
        $"API request bodies are limited to {limit} bytes (Security:MaxApiBodyBytes).",
        "API body too large");

    internal static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        && (media.Charset.Length == 0 || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether <paramref name="origin"/> is <c>scheme://host:port</c> of this very request, or names an allowed host.</summary>
    internal static bool IsOwnOrigin(string origin, HttpRequest request, AllowedHostList hosts)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !string.Equals(uri.GetLeftPart(UriPartial.Authority), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (hosts.IsConfigured(uri.Host))
        {
            return true;
        }

        var requestPort = request.Host.Port ?? (string.Equals(request.Scheme, "https", StringComparison.OrdinalIgnoreCase) ? 443 : 80);
        return string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase)
            && uri.Port == requestPort;
    }

    private static RequestRefusal CrossSite(string reason) => new(
        StatusCodes.Status403Forbidden,
        "Cross-site request refused",
        "Changes are only accepted from the portal's own pages or from clients that are not browsers.",
        reason);
}

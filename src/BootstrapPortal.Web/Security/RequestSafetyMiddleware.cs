using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Web.Security;

/// <summary>
/// The first line of defence, before authentication: host names, the loopback rule of local mode, cross-site requests,
/// JSON-only API changes and the API's body limit (<see cref="RequestRules"/>). A refused request gets a problem-details
/// answer and a warning in the log; it never reaches authentication, antiforgery or an endpoint.
/// </summary>
public sealed partial class RequestSafetyMiddleware
{
    private readonly RequestDelegate _next;
    private readonly AllowedHostList _hosts;
    private readonly PortalSecurityMode _mode;
    private readonly bool _allowRemote;
    private readonly long _maxApiBody;
    private readonly ILogger<RequestSafetyMiddleware> _logger;

    public RequestSafetyMiddleware(RequestDelegate next, AllowedHostList hosts, PortalSecurityMode mode, IOptions<SecurityOptions> options,
        ILogger<RequestSafetyMiddleware> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _next = next;
        _hosts = hosts;
        _mode = mode;
        _allowRemote = options.Value.AllowRemoteAnonymous;
        _maxApiBody = options.Value.MaxApiBodyBytes;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (RequestKinds.IsProbe(request))
        {
            await _next(context);
            return;
        }

        var refusal = RequestRules.CheckHost(request, _hosts, _mode)
            ?? (_mode.IsLocal && !_allowRemote ? RequestRules.CheckLoopbackClient(context.Connection.RemoteIpAddress) : null)
            ?? RequestRules.CheckCrossSite(context, _hosts)
            ?? RequestRules.CheckApiContentType(request)
            ?? RequestRules.CheckApiBodyLength(request, _maxApiBody);
        if (refusal is not null)
        {
            LogRefused(_logger, request.Method, request.Path.Value ?? "/", context.Connection.RemoteIpAddress?.ToString() ?? "local", Truncate(request.Host.Value), refusal.Reason);
            await WriteAsync(context, refusal);
            return;
        }

        if (RequestKinds.IsApi(request.Path) && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } body)
        {
            body.MaxRequestBodySize = _maxApiBody;
        }

        if (_mode.IsLocal)
        {
            context.Features.Set(LocalAccessFeature.Granted);
        }

        await _next(context);
    }

    /// <summary>Writes <paramref name="refusal"/> as problem details; the answer is never cached.</summary>
    public static Task WriteAsync(HttpContext context, RequestRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(refusal);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Problem(title: refusal.Title, detail: refusal.Detail, statusCode: refusal.StatusCode).ExecuteAsync(context);
    }

    private static string Truncate(string? value) =>
        string.IsNullOrEmpty(value) ? "(none)" : value.Length <= 100 ? value : value[..100];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Method} {Path} from {RemoteAddress} for host {Host}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, string path, string remoteAddress, string host, string reason);
}

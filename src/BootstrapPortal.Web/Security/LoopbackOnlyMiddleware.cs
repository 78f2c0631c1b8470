using System.Net;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Web.Security;

/// <summary>
/// Secure by default: with no login configured, only clients on loopback are served. Probes (<c>/healthz</c>,
/// <c>/readyz</c>) stay open so an orchestrator can check the process.
/// </summary>
public sealed partial class LoopbackOnlyMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ILogger<LoopbackOnlyMiddleware> _logger;
    private readonly bool _allowRemote;

    public LoopbackOnlyMiddleware(RequestDelegate next, IOptions<SecurityOptions> options, ILogger<LoopbackOnlyMiddleware> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _next = next;
        _logger = logger;
        _allowRemote = options.Value.AllowRemoteAnonymous;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_allowRemote || IsProbe(context.Request.Path) || IsLoopback(context.Connection.RemoteIpAddress))
        {
            await _next(context);
            return;
        }

        LogRefused(_logger, context.Connection.RemoteIpAddress?.ToString() ?? "unknown", context.Request.Path);
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(
            title: "Anonymous access is limited to loopback",
            detail: "This portal has no login configured, so it only serves clients on the same machine. Configure login, or set Security:AllowRemoteAnonymous=true on an isolated network.",
            statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
    }

    internal static bool IsLoopback(IPAddress? address) =>
        address is null || IPAddress.IsLoopback(address) || (address.IsIPv4MappedToIPv6 && IPAddress.IsLoopback(address.MapToIPv4()));

    private static bool IsProbe(PathString path) =>
        path.Equals("/healthz", StringComparison.OrdinalIgnoreCase) || path.Equals("/readyz", StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused anonymous request from {RemoteAddress} to {Path}: only loopback is served without login")]
    private static partial void LogRefused(ILogger logger, string remoteAddress, string path);
}

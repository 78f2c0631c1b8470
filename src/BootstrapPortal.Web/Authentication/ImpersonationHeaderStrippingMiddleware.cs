namespace BootstrapPortal.Web.Authentication;

/// <summary>
/// Removes every incoming <c>Impersonate-*</c> header before anything else reads the request. The portal never forwards
/// client headers to Kubernetes (impersonation headers are built only from the signed-in actor), and stripping them here
/// keeps it so whatever code is added later.
/// </summary>
public sealed partial class ImpersonationHeaderStrippingMiddleware(RequestDelegate next, ILogger<ImpersonationHeaderStrippingMiddleware> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var forged = context.Request.Headers.Keys.Where(k => k.StartsWith("Impersonate-", StringComparison.OrdinalIgnoreCase)).ToArray();
        if (forged.Length > 0)
        {
            LogStripped(logger, string.Join(", ", forged), context.Request.Path);
            foreach (var header in forged)
            {
                context.Request.Headers.Remove(header);
            }
        }

        return next(context);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removed client-sent impersonation headers {Headers} from {Path}")]
    private static partial void LogStripped(ILogger logger, string headers, string path);
}

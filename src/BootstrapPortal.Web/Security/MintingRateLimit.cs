using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Web.Security;

/// <summary>
/// The rate limit of the endpoints that mint credentials (token create, per-node kubeconfig): a fixed window per actor
/// (the signed-in name, or the client address without login), from <c>Security:MintingRateLimit</c>. A refused call answers
/// 429 problem details with <c>Retry-After</c>.
/// </summary>
public static partial class MintingRateLimit
{
    public const string PolicyName = "minting";

    public static IServiceCollection AddPortalRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(PolicyName, context =>
            {
                var settings = context.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value.MintingRateLimit;
                return RateLimitPartition.GetFixedWindowLimiter(PartitionKey(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.PermitLimit,
                    Window = settings.Window,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = OnRejectedAsync;
        });
        return services;
    }

    /// <summary>Runs after authentication, so that a signed-in actor is counted by name rather than by address.</summary>
    public static IApplicationBuilder UsePortalRateLimits(this IApplicationBuilder app) => app.UseRateLimiter();

    /// <summary>
    /// Who is counted: the actor the request acts for (the same name the audit trail records), else — in local mode, or
    /// without valid credentials — the client address (after trusted forwarded headers).
    /// </summary>
    public static string PartitionKey(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var actors = context.RequestServices.GetRequiredService<PortalActorResolver>();
        var actor = actors.Resolve(context.User);
        return actors.IsLocalMode || ReferenceEquals(actor, PortalActorResolver.Unauthenticated)
            ? "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "local")
            : "actor:" + actor.Kind + ":" + actor.Name;
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : (TimeSpan?)null;
        var seconds = retryAfter is { } w ? Math.Max(1, (long)Math.Ceiling(w.TotalSeconds)) : (long?)null;
        if (seconds is { } s)
        {
            context.Response.Headers.RetryAfter = s.ToString(CultureInfo.InvariantCulture);
        }

        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MintingRateLimit));
        LogRejected(logger, context.Request.Path.Value ?? "/", PartitionKey(context));
        context.Response.Headers.CacheControl = "no-store";
        await Results.Problem(
            title: "Too many credentials minted",
            detail: seconds is { } after
                ? $"This actor reached the limit of Security:MintingRateLimit; try again in {after} seconds."
                : "This actor reached the limit of Security:MintingRateLimit; try again later.",
            statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limit reached on {Path} for {Partition}")]
    private static partial void LogRejected(ILogger logger, string path, string partition);
}

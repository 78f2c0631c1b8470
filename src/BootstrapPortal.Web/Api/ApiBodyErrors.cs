using BootstrapPortal.Web.Security;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Web.Api;

/// <summary>
/// An API body that cannot be read (not JSON, a value of the wrong type, larger than <c>Security:MaxApiBodyBytes</c>) is
/// the client's mistake: answered here as a 400 naming the field (or 413), inside the request log, so that the log shows
/// the status the client got rather than an error of the portal.
/// </summary>
public sealed partial class ApiBodyErrors(RequestDelegate next, IOptions<SecurityOptions> options, ILogger<ApiBodyErrors> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted && RequestKinds.IsApi(context.Request.Path))
        {
            var problem = ApiExceptionHandler.Describe(ex, options.Value.MaxApiBodyBytes, context.GetEndpoint());
            LogUnreadable(logger, context.Request.Method, context.Request.Path.Value ?? "/", problem.Status ?? StatusCodes.Status400BadRequest);
            context.Response.Clear();
            context.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Unreadable API request body on {Method} {Path}: answered {StatusCode}")]
    private static partial void LogUnreadable(ILogger logger, string method, string path, int statusCode);
}

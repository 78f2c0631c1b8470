using BootstrapPortal.Web.Security;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace BootstrapPortal.Web.Api;

/// <summary>
/// Error answers in every environment: exceptions become problem details (API) or the portal's error page (people), and
/// an empty error status becomes problem details (API) or, for a 404, the portal's Not found page.
/// </summary>
public static class PortalErrorHandling
{
    public const string ErrorPath = "/error";
    public const string NotFoundPath = "/not-found";

    public static IApplicationBuilder UsePortalErrorHandling(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = ErrorPath, CreateScopeForErrors = true });
        // People get the portal's Not found page for a 404; only a 404 is "not found", so other empty error answers of page
        // URLs keep their status without that page.
        app.UseStatusCodePagesWithReExecute(NotFoundPath, createScopeForStatusCodePages: true);
        app.Use(async (context, next) =>
        {
            await next(context);
            if (context.Response.StatusCode != StatusCodes.Status404NotFound && context.Features.Get<IStatusCodePagesFeature>() is { } feature)
            {
                feature.Enabled = false;
            }
        });

        // The API (and every client that does not ask for HTML) gets problem details, which the page handler above leaves alone.
        app.UseWhen(WantsProblem, api => api.UseStatusCodePages(WriteStatusProblemAsync));
        return app;
    }

    private static bool WantsProblem(HttpContext context) => ApiExceptionHandler.WantsProblem(context.Request, context.Request.Path);

    private static Task WriteStatusProblemAsync(StatusCodeContext status)
    {
        var context = status.HttpContext;
        var code = context.Response.StatusCode;
        var detail = code switch
        {
            StatusCodes.Status404NotFound => "There is no API endpoint at this address.",
            StatusCodes.Status405MethodNotAllowed => "This address does not accept this method.",
            _ => null,
        };
        return Results.Problem(title: ReasonPhrases.GetReasonPhrase(code), detail: detail, statusCode: code).ExecuteAsync(context);
    }
}

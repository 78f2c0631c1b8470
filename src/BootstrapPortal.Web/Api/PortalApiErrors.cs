using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Cluster;
using BootstrapPortal.Core.Kubeconfigs;
using BootstrapPortal.Core.Tokens;
using BootstrapPortal.Web.Authentication;
using BootstrapPortal.Web.Security;
using k8s.Autorest;

namespace BootstrapPortal.Web.Api;

/// <summary>Maps service exceptions to problem-details answers, for every API endpoint in one place.</summary>
public static partial class PortalApiErrors
{
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(context);
        }
        catch (TokenValidationException ex)
        {
            return Invalid(ex.Field, ex.Message);
        }
        catch (PortalAccessDeniedException ex)
        {
            var actor = context.HttpContext.RequestServices.GetRequiredService<PortalActorResolver>().Resolve(context.HttpContext.User);
            return PortalAuthorizationResultHandler.ForbiddenProblem(actor, ex.Permission);
        }
        catch (ImpersonationException ex)
        {
            return Results.Problem(title: "This identity cannot act in Kubernetes", detail: ex.Message, statusCode: StatusCodes.Status403Forbidden);
        }
        catch (BootstrapTokenNotFoundException ex)
        {
            return Results.Problem(title: "Bootstrap token not found", detail: ex.Message, statusCode: StatusCodes.Status404NotFound);
        }
        catch (ClusterInfoException ex)
        {
            return Results.Problem(title: "The cluster's server or CA is unknown", detail: ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode is System.Net.HttpStatusCode.Forbidden)
        {
            // With impersonation on, this is the cluster's RBAC refusing the person (the portal's role allowed it).
            return Results.Problem(
                title: "Kubernetes refused the request",
                detail: "The Kubernetes API server answered 403 Forbidden: " + KubernetesErrors.Describe(ex),
                statusCode: StatusCodes.Status403Forbidden);
        }
        catch (HttpOperationException ex)
        {
            var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PortalApiErrors));
            LogKubernetesError(logger, (int)ex.Response.StatusCode, context.HttpContext.Request.Path);
            return Results.Problem(
                title: "The Kubernetes API server refused the request",
                detail: $"The API server answered {(int)ex.Response.StatusCode} {ex.Response.ReasonPhrase}.",
                statusCode: StatusCodes.Status502BadGateway);
        }
    }

    /// <summary>A 400 validation problem whose <c>errors</c> dictionary is keyed by <paramref name="field"/>.</summary>
    public static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request is invalid");

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Kubernetes API server answered {StatusCode} for API request {Path}")]
    private static partial void LogKubernetesError(ILogger logger, int statusCode, string path);
}

using System.Text.Json;
using BootstrapPortal.Web.Security;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Web.Api;

/// <summary>
/// Turns an exception on the JSON API, the live connection or any non-HTML request into problem details, in every
/// environment: a body the API could not read is a 400 naming the field (or 413), anything else a 500 that names only the
/// request's trace id. Never an exception name, stack trace, source path or request header. Page requests fall through to the
/// portal's error page.
/// </summary>
public sealed class ApiExceptionHandler(IProblemDetailsService problems, IOptions<SecurityOptions> options)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(exception);
        var path = new PathString(httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? httpContext.Request.Path.Value);
        if (!WantsProblem(httpContext.Request, path))
        {
            return false;
        }

        // The request log (outside this handler) has already recorded the exception with its stack trace.
        var problem = exception is BadHttpRequestException bad
            ? Describe(bad, options.Value.MaxApiBodyBytes, httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint)
            : Failed;
        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }

    /// <summary>What a client learns about an unexpected failure: that it happened, and nothing of its cause.</summary>
    internal static ProblemDetails Failed => new()
    {
        Status = StatusCodes.Status500InternalServerError,
        Title = "The portal could not complete the request",
        Detail = "The server log has the details under this request's trace id.",
    };

    /// <summary>The API, Blazor's hub, and every client that does not ask for HTML get problem details.</summary>
    internal static bool WantsProblem(HttpRequest request, PathString path) =>
        RequestKinds.IsApi(path) || RequestKinds.IsBlazorHub(path)
        || !request.Headers.Accept.Any(a => a is not null && a.Contains("text/html", StringComparison.OrdinalIgnoreCase));

    /// <summary>A body that could not be read: too large (413), or not JSON of the expected shape (400 naming the field).</summary>
    internal static ProblemDetails Describe(BadHttpRequestException exception, long limit, Endpoint? endpoint)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var bodyType = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            var tooLarge = RequestRules.BodyTooLarge(limit);
            return new ProblemDetails { Status = tooLarge.StatusCode, Title = tooLarge.Title, Detail = tooLarge.Detail };
        }

        var (field, message) = exception.InnerException is JsonException json
            ? (FieldOf(json.Path, bodyType), json.Path is null or "$" ? "The body is not valid JSON." : "The value is missing, malformed or not of the expected type.")
            : ("body", "The request could not be read: send a JSON object as the body.");
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is invalid",
        };
    }

    /// <summary>
    /// The body field a JSON error points at (<c>$.ttl</c> → <c>ttl</c>, <c>$.groups[1]</c> → <c>groups</c>), but only when it is
    /// a property of the endpoint's body type: a name the client made up is never repeated. Otherwise <c>body</c>.
    /// </summary>
    internal static string FieldOf(string? jsonPath, Type? bodyType)
    {
        if (bodyType is null || jsonPath is null || !jsonPath.StartsWith("$.", StringComparison.Ordinal))
        {
            return "body";
        }

        var name = jsonPath[2..];
        var end = name.AsSpan().IndexOfAny('.', '[');
        name = end < 0 ? name : name[..end];
        var property = bodyType.GetProperties().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        return property is null ? "body" : JsonNamingPolicy.CamelCase.ConvertName(property.Name);
    }

}

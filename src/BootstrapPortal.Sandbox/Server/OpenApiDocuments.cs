using Microsoft.AspNetCore.Http;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>OpenAPI documents for kubectl (filled in later).</summary>
internal static class OpenApiDocuments
{
    public static Task WriteAsync(HttpContext context, string[] parts, CancellationToken cancellationToken)
    {
        _ = context;
        _ = parts;
        _ = cancellationToken;
        throw ApiException.NotFoundPath();
    }
}

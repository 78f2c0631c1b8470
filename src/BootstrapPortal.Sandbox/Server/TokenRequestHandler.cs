using System.Globalization;
using System.Text.Json.Nodes;
using BootstrapPortal.Sandbox.Auth;
using BootstrapPortal.Sandbox.Storage;
using Microsoft.AspNetCore.Http;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>
/// <c>POST …/serviceaccounts/{name}/token</c> (k/k pkg/registry/core/serviceaccount/storage/token.go): validates the TokenRequest
/// (<c>expirationSeconds</c> from 10 minutes to 2^32 s, default one hour; audiences default to the API server's), issues a bound
/// token and answers 201 with <c>status.token</c> and <c>status.expirationTimestamp</c>. Nothing is stored.
/// </summary>
internal sealed class TokenRequestHandler(ObjectStore store, ServiceAccountTokens tokens)
{
    public async Task HandleAsync(HttpContext context, ResourceDefinition resource, string ns, string name, SandboxUser user, CancellationToken cancellationToken)
    {
        _ = user;
        var bytes = await ResourceHandler.ReadBodyAsync(context.Request, null, cancellationToken);
        var body = bytes.Length == 0 ? new JsonObject() : ObjectDecoder.ParseBody(bytes, resource);
        var account = store.Get(resource, ns, name) ?? throw ApiException.NotFound(resource, name);
        var spec = body["spec"] as JsonObject ?? new JsonObject();
        var expirationSeconds = spec["expirationSeconds"] is JsonValue e ? e.GetValue<long>() : 3600;
        var errors = new List<FieldError>();
        if (expirationSeconds < 600)
        {
            errors.Add(FieldError.Invalid("spec.expirationSeconds", expirationSeconds, "may not specify a duration less than 10 minutes"));
        }
        else if (expirationSeconds > 1L << 32)
        {
            errors.Add(FieldError.Invalid("spec.expirationSeconds", expirationSeconds, "may not specify a duration larger than 2^32 seconds"));
        }

        if (errors.Count > 0)
        {
            throw ApiException.Invalid("TokenRequest", "authentication.k8s.io", name, errors);
        }

        var audiences = (spec["audiences"] as JsonArray)?.Select(a => a?.GetValue<string>() ?? string.Empty).Where(a => a.Length > 0).ToList() ?? [];
        if (audiences.Count == 0)
        {
            audiences = [ServiceAccountTokens.Issuer];
        }

        var (token, expires) = tokens.Issue(ns, name, account.Uid ?? string.Empty, audiences, expirationSeconds);
        var response = new JsonObject
        {
            ["kind"] = "TokenRequest",
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["creationTimestamp"] = ObjectStore.FormatTime(expires.AddSeconds(-expirationSeconds)),
            },
            ["spec"] = new JsonObject
            {
                ["audiences"] = new JsonArray([.. audiences.Select(a => (JsonNode)JsonValue.Create(a))]),
                ["expirationSeconds"] = expirationSeconds,
            },
            ["status"] = new JsonObject
            {
                ["token"] = token,
                ["expirationTimestamp"] = expires.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            },
        };
        if (spec["boundObjectRef"] is JsonObject bound)
        {
            ((JsonObject)response["spec"]!)["boundObjectRef"] = bound.DeepClone();
        }

        await ResponseWriter.WriteAsync(context, 201, response, cancellationToken);
    }
}

using System.Text.Json;
using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Csrs.Serving;
using BootstrapPortal.Web.Security;

namespace BootstrapPortal.Web.Api;

/// <summary>
/// The serving-certificate policy under <c>/api/v1/policy/serving</c>: <c>GET</c> (the policy in force and its resourceVersion),
/// <c>PUT {policy, resourceVersion}</c> (Admin; 400 naming each bad field, 409 when it changed meanwhile) and
/// <c>POST /dry-run {policy?}</c> (what the policy in force, or a draft, would do to every pending serving CSR now).
/// Bodies are read by <see cref="ServingPolicyJson"/>, so a wrong type or an unknown field is a 400 naming it.
/// </summary>
public static class ServingPolicyEndpoints
{
    public static IEndpointRouteBuilder MapServingPolicyApi(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/policy/serving", Get).RequireAuthorization(PortalPermissions.PolicyRead)
            .WithName("GetServingPolicy").WithSummary("The serving-certificate policy in force, its source and resourceVersion.")
            .Produces<ServingPolicyResponse>();
        api.MapPut("/policy/serving", PutAsync).RequireAuthorization(PortalPermissions.PolicyWrite)
            .WithName("PutServingPolicy").WithSummary("Replaces the serving-certificate policy (Admin); send the resourceVersion you read, 409 when it changed meanwhile.")
            .Accepts<ServingPolicyPutBody>("application/json")
            .Produces<ServingPolicyResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/policy/serving/dry-run", DryRunAsync).RequireAuthorization(PortalPermissions.PolicyRead)
            .WithName("DryRunServingPolicy").WithSummary("What the policy in force (or the draft in the body) would do to every pending serving CSR now.")
            .Accepts<ServingPolicyDryRunBody>("application/json")
            .Produces<ServingDryRunRow[]>().ProducesValidationProblem();
        return api;
    }

    internal static IResult Get(IServingPolicyStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return Results.Ok(ServingPolicyResponse.From(store.Current, store.IsSynced));
    }

    internal static async Task<IResult> PutAsync(HttpContext http, IServingPolicyStore store, PortalActorResolver actors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(actors);
        var body = await ReadBodyAsync(http, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        if (body.Root is not { } root || !root.TryGetProperty("policy", out var policyElement))
        {
            return PortalApiErrors.Invalid("policy", "is required: the whole policy as GET returns it.");
        }

        string? resourceVersion = null;
        if (root.TryGetProperty("resourceVersion", out var rv))
        {
            if (rv.ValueKind is not (JsonValueKind.String or JsonValueKind.Null) || (rv.ValueKind == JsonValueKind.String && rv.GetString()!.Length > 64))
            {
                return PortalApiErrors.Invalid("resourceVersion", "must be the resourceVersion string GET returned, or null when none is stored.");
            }

            resourceVersion = rv.ValueKind == JsonValueKind.String ? rv.GetString() : null;
        }

        if (!ServingPolicyJson.TryParse(policyElement, out var policy, out var errors))
        {
            return Invalid(errors);
        }

        try
        {
            var saved = await store.SaveAsync(policy!, resourceVersion, actors.Resolve(http.User), cancellationToken);
            return Results.Ok(ServingPolicyResponse.From(saved, store.IsSynced));
        }
        catch (ServingPolicyValidationException ex)
        {
            return Invalid(ex.Errors);
        }
        catch (ServingPolicyConflictException ex)
        {
            return Results.Problem(title: "The serving policy changed meanwhile", detail: ex.Message, statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["currentResourceVersion"] = ex.CurrentResourceVersion });
        }
        catch (PortalAccessDeniedException ex)
        {
            return Results.Problem(title: "Not allowed", detail: ex.Message, statusCode: StatusCodes.Status403Forbidden);
        }
    }

    internal static async Task<IResult> DryRunAsync(HttpContext http, ServingPolicyDryRun dryRun, PortalActorResolver actors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(dryRun);
        ArgumentNullException.ThrowIfNull(actors);
        var body = await ReadBodyAsync(http, cancellationToken, optional: true);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        ServingPolicy? draft = null;
        if (body.Root is { } root && root.TryGetProperty("policy", out var policyElement) && policyElement.ValueKind != JsonValueKind.Null)
        {
            if (!ServingPolicyJson.TryParse(policyElement, out draft, out var errors))
            {
                return Invalid(errors);
            }
        }

        try
        {
            var outcomes = await dryRun.RunAsync(draft, actors.Resolve(http.User), cancellationToken);
            return Results.Ok(outcomes.Select(ServingDryRunRow.From).ToArray());
        }
        catch (ServingPolicyValidationException ex)
        {
            return Invalid(ex.Errors);
        }
        catch (PortalAccessDeniedException ex)
        {
            return Results.Problem(title: "Not allowed", detail: ex.Message, statusCode: StatusCodes.Status403Forbidden);
        }
    }

    private static IResult Invalid(IReadOnlyList<ServingPolicyError> errors) =>
        Results.ValidationProblem(
            errors.GroupBy(e => e.Field == "$" ? "policy" : "policy." + e.Field, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal),
            title: "The serving policy is invalid");

    /// <summary>Reads a JSON object body of at most 64 KiB; a problem (never an echo of the input) when it is not one.</summary>
    private static async Task<(JsonElement? Root, IResult? Problem)> ReadBodyAsync(HttpContext http, CancellationToken cancellationToken, bool optional = false)
    {
        if (http.Request.ContentLength is > ServingPolicyJson.MaxDocumentBytes)
        {
            return (null, PortalApiErrors.Invalid("body", $"is larger than {ServingPolicyJson.MaxDocumentBytes / 1024} KiB."));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > ServingPolicyJson.MaxDocumentBytes)
            {
                return (null, PortalApiErrors.Invalid("body", $"is larger than {ServingPolicyJson.MaxDocumentBytes / 1024} KiB."));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return optional ? (null, null) : (null, PortalApiErrors.Invalid("body", "is required: a JSON object."));
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? (document.RootElement.Clone(), null)
                : (null, PortalApiErrors.Invalid("body", "must be a JSON object."));
        }
        catch (JsonException)
        {
            return (null, PortalApiErrors.Invalid("body", "is not valid JSON."));
        }
    }
}

/// <summary>Body of <c>PUT /api/v1/policy/serving</c> (for the OpenAPI document; the endpoint reads it with <see cref="ServingPolicyJson"/>).</summary>
public sealed record ServingPolicyPutBody(ServingPolicyModel Policy, string? ResourceVersion);

/// <summary>Body of <c>POST /api/v1/policy/serving/dry-run</c>: an optional draft; without one the policy in force runs.</summary>
public sealed record ServingPolicyDryRunBody(ServingPolicyModel? Policy);

using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace BootstrapPortal.Web.Api;

/// <summary>
/// The CSR part of the JSON API: <c>GET /csrs?state=&amp;signer=</c>, <c>GET /csrs/{name}</c>,
/// <c>POST /csrs/{name}/approve</c> and <c>/deny</c> with <c>{reason}</c>. <c>state</c> is one state name or a comma-separated
/// list (<c>Approved,Issued</c>), never enum flags or numbers. Lists read from the shared cache; decisions go
/// through <see cref="ICsrApprovalService"/> (200 with the result, 409 when decided or changed meanwhile, 404 unknown, 400 when
/// the reason is missing).
/// </summary>
public static class CsrEndpoints
{
    public static IEndpointRouteBuilder MapCsrApi(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/csrs", List).RequireAuthorization(PortalPermissions.CsrsRead)
            .WithName("ListCertificateSigningRequests").WithSummary("CSRs from the cache with subject, SANs, certificate and verdict; filter by state and signer.")
            .Produces<CsrResponse[]>().ProducesValidationProblem();
        api.MapGet("/csrs/{name}", Get).RequireAuthorization(PortalPermissions.CsrsRead)
            .WithName("GetCertificateSigningRequest").WithSummary("One CSR with the full decoded request.")
            .Produces<CsrDetailResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/csrs/{name}/approve", Approve).RequireAuthorization(PortalPermissions.CsrsDecide)
            .WithName("ApproveCertificateSigningRequest").WithSummary("Approves with a reason; 409 when it was decided or changed meanwhile.")
            .Produces<CsrDecisionResponse>().Produces<CsrDecisionResponse>(StatusCodes.Status409Conflict)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/csrs/{name}/deny", Deny).RequireAuthorization(PortalPermissions.CsrsDecide)
            .WithName("DenyCertificateSigningRequest").WithSummary("Denies with a reason; 409 when it was decided or changed meanwhile.")
            .Produces<CsrDecisionResponse>().Produces<CsrDecisionResponse>(StatusCodes.Status409Conflict)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    internal static IResult List(CsrCatalog catalog, string? state = null, string? signer = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        IReadOnlySet<CsrState>? wanted = null;
        if (!string.IsNullOrEmpty(state))
        {
            if (!CsrStateFilter.TryParse(state, out var parsed))
            {
                return PortalApiErrors.Invalid("state", $"Expected {CsrStateFilter.Expected}.");
            }

            wanted = parsed;
        }

        return Results.Ok(catalog.List(new CsrQuery(SignerName: signer, States: wanted)).Select(CsrResponse.From).ToArray());
    }

    internal static IResult Get(string name, CsrCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var entry = catalog.Get(name);
        return entry is null ? NotFound() : Results.Ok(CsrDetailResponse.From(entry));
    }

    internal static Task<IResult> Approve(string name, [FromBody] CsrDecisionBody? body, ICsrApprovalService approvals, HttpContext http, CancellationToken cancellationToken) =>
        DecideAsync(name, body, approve: true, approvals, http, cancellationToken);

    internal static Task<IResult> Deny(string name, [FromBody] CsrDecisionBody? body, ICsrApprovalService approvals, HttpContext http, CancellationToken cancellationToken) =>
        DecideAsync(name, body, approve: false, approvals, http, cancellationToken);

    private static async Task<IResult> DecideAsync(string name, CsrDecisionBody? body, bool approve, ICsrApprovalService approvals,
        HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approvals);
        if (CsrDecisionText.ValidateReason(body?.Reason) is { } reasonError)
        {
            return PortalApiErrors.Invalid("reason", reasonError);
        }

        var actor = http.RequestServices.GetRequiredService<PortalActorResolver>().Resolve(http.User);
        var result = approve
            ? await approvals.ApproveAsync(name, body!.Reason!, actor, cancellationToken)
            : await approvals.DenyAsync(name, body!.Reason!, actor, cancellationToken);
        var response = CsrDecisionResponse.From(result);
        return result.Outcome switch
        {
            CsrDecisionOutcome.Approved or CsrDecisionOutcome.Denied => Results.Ok(response),
            CsrDecisionOutcome.AlreadyDecided or CsrDecisionOutcome.Conflict => Results.Json(response, statusCode: StatusCodes.Status409Conflict),
            CsrDecisionOutcome.NotFound => NotFound(),
            CsrDecisionOutcome.Forbidden => Results.Problem(title: "Kubernetes refused the decision", detail: result.Message, statusCode: StatusCodes.Status403Forbidden),
            _ => Results.Problem(title: "The decision could not be written", detail: result.Message, statusCode: StatusCodes.Status502BadGateway),
        };
    }

    private static IResult NotFound() =>
        Results.Problem(title: "Certificate signing request not found", detail: "No certificate signing request has that name.", statusCode: StatusCodes.Status404NotFound);
}

using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Paging;
using BootstrapPortal.Core.Parsing;
using BootstrapPortal.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace BootstrapPortal.Web.Api;

/// <summary>
/// The CSR part of the JSON API: <c>GET /csrs?state=&amp;signer=&amp;requestor=&amp;node=&amp;search=&amp;verdict=&amp;sort=&amp;order=&amp;limit=&amp;continue=</c>
/// (see <see cref="ApiPaging"/> for paging), <c>GET /csrs/{name}</c>,
/// <c>POST /csrs/{name}/approve</c> (<c>{reason, override}</c>) and <c>/deny</c> (<c>{reason}</c>), and
/// <c>POST /csrs/approve</c> (<c>{names | allPendingThatPass, reason, confirmed}</c>, see <see cref="CsrBulkApprovalBody"/>). <c>state</c> is one state
/// name or a comma-separated list (<c>Approved,Issued</c>), never enum flags or numbers. Lists read from the shared cache;
/// decisions go through <see cref="ICsrApprovalService"/> (200 with the result; 409 when decided or changed meanwhile, or — as
/// a problem listing the reasons — when the verdict fails and the body does not override it; 404 unknown; 400 when the
/// reason is missing).
/// </summary>
public static class CsrEndpoints
{
    public static IEndpointRouteBuilder MapCsrApi(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/csrs", List).RequireAuthorization(PortalPermissions.CsrsRead)
            .WithName("ListCertificateSigningRequests")
            .WithSummary("CSRs from the cache with subject, SANs, certificate and verdict; filter by state, signer, requestor, node, verdict and text; sort; page with limit and continue (then {items, total, continue}).")
            .Produces<CsrResponse[]>().Produces<ListPageResponse<CsrResponse>>().ProducesValidationProblem();
        api.MapGet("/csrs/{name}", Get).RequireAuthorization(PortalPermissions.CsrsRead)
            .WithName("GetCertificateSigningRequest").WithSummary("One CSR with the full decoded request.")
            .Produces<CsrDetailResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/csrs/{name}/approve", Approve).RequireAuthorization(PortalPermissions.CsrsDecide)
            .WithName("ApproveCertificateSigningRequest")
            .WithSummary("Approves with a reason; a failing verdict needs \"override\": true (else 409 with the reasons); 409 when it was decided or changed meanwhile.")
            .Produces<CsrDecisionResponse>().Produces<CsrDecisionResponse>(StatusCodes.Status409Conflict)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/csrs/approve", BulkApprove).RequireAuthorization(PortalPermissions.CsrsDecide)
            .WithName("BulkApproveCertificateSigningRequests")
            .WithSummary("Approves up to 1000 CSRs by name, or all pending that pass, with one reason: each is judged again when it is written (a failing verdict is skipped, a Warn needs \"confirmed\"); one result per item and the totals.")
            .Produces<CsrBulkApprovalResponse>().ProducesValidationProblem();
        api.MapPost("/csrs/{name}/deny", Deny).RequireAuthorization(PortalPermissions.CsrsDecide)
            .WithName("DenyCertificateSigningRequest").WithSummary("Denies with a reason; 409 when it was decided or changed meanwhile.")
            .Produces<CsrDecisionResponse>().Produces<CsrDecisionResponse>(StatusCodes.Status409Conflict)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    /// <summary>Longest accepted text filter (signer, requestor, node, search).</summary>
    public const int MaxFilterLength = 256;

    internal static IResult List(CsrCatalog catalog, HttpContext http, string? state = null, string? signer = null, string? requestor = null,
        string? node = null, string? search = null, string? verdict = null, string? sort = null, string? order = null, string? limit = null,
        [FromQuery(Name = "continue")] string? continueToken = null)
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

        IReadOnlySet<CsrVerdictResult>? verdicts = null;
        if (!string.IsNullOrEmpty(verdict))
        {
            if (!EnumSetFilter.TryParse<CsrVerdictResult>(verdict, out var parsed))
            {
                return PortalApiErrors.Invalid("verdict", $"Expected {EnumSetFilter.Expected<CsrVerdictResult>()}.");
            }

            verdicts = parsed;
        }

        foreach (var (field, value) in (ReadOnlySpan<(string, string?)>)[("signer", signer), ("requestor", requestor), ("node", node), ("search", search)])
        {
            if (value is { Length: > MaxFilterLength })
            {
                return PortalApiErrors.Invalid(field, $"At most {MaxFilterLength} characters.");
            }
        }

        if (!ApiPaging.TryParse(limit, continueToken, sort, order, CsrSortKey.Created, SortDirection.Descending, out var paging, out var error))
        {
            return error!;
        }

        var query = new CsrListQuery
        {
            States = wanted,
            Signer = signer,
            Requestor = requestor,
            Node = node,
            Search = search,
            Verdicts = verdicts,
            Sort = paging.Sort,
            Direction = paging.Direction,
            Limit = paging.Limit,
            After = paging.After,
        };
        // One snapshot for every cut, so the whole list is consistent.
        var snapshot = catalog.Snapshot;
        return paging.Answer(http, after =>
        {
            var page = snapshot.Query(query with { After = after });
            return (page.Items, page.Total, page.Next);
        }, CsrResponse.From);
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

    /// <summary>
    /// The bulk approval of the CSR page's dialog, for scripts: the same Core call (bounded concurrency, every item judged
    /// again from the object read right before its write, the permission demanded and every decision audited there).
    /// </summary>
    internal static async Task<IResult> BulkApprove([FromBody] CsrBulkApprovalBody? body, ICsrApprovalService approvals, HttpContext http,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approvals);
        if (!CsrBulkApprovalValidation.TryRead(body, out var request, out var reason, out var error))
        {
            return error!;
        }

        var actor = http.RequestServices.GetRequiredService<PortalActorResolver>().Resolve(http.User);
        var results = await approvals.BulkApproveAsync(request, reason, actor, progress: null, cancellationToken);
        return Results.Ok(CsrBulkApprovalResponse.From(results));
    }

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
            ? await approvals.ApproveAsync(name, new CsrApproval(body!.Reason!, body.Override == true), actor, cancellationToken)
            : await approvals.DenyAsync(name, body!.Reason!, actor, cancellationToken);
        var response = CsrDecisionResponse.From(result);
        return result.Outcome switch
        {
            CsrDecisionOutcome.Approved or CsrDecisionOutcome.Denied => Results.Ok(response),
            CsrDecisionOutcome.VerdictFails => Results.Problem(
                title: "The verdict fails; approving it needs an explicit override",
                detail: result.Message + " Send \"override\": true with the reason to approve it anyway; the audit trail records the override.",
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?>
                {
                    ["reasons"] = (result.Checks ?? []).Where(c => c.Result == CsrCheckResult.Fail).Select(c => c.Message).ToArray(),
                    ["checks"] = response.Checks,
                }),
            CsrDecisionOutcome.AlreadyDecided or CsrDecisionOutcome.Conflict => Results.Json(response, statusCode: StatusCodes.Status409Conflict),
            CsrDecisionOutcome.NotFound => NotFound(),
            CsrDecisionOutcome.Forbidden => Results.Problem(title: "Kubernetes refused the decision", detail: result.Message, statusCode: StatusCodes.Status403Forbidden),
            _ => Results.Problem(title: "The decision could not be written", detail: result.Message, statusCode: StatusCodes.Status502BadGateway),
        };
    }

    private static IResult NotFound() =>
        Results.Problem(title: "Certificate signing request not found", detail: "No certificate signing request has that name.", statusCode: StatusCodes.Status404NotFound);
}

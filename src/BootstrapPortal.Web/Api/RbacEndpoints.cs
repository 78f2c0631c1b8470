using System.Globalization;
using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Preflight;
using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace BootstrapPortal.Web.Api;

/// <summary>
/// The RBAC audit and preflight part of the JSON API: the bootstrap checklist and its fix, the risky findings, who-can (free
/// questions and the audit's own), and the preflight of the cluster's prerequisites. Reads come from the shared analysis
/// (built once per RBAC change); the fix writes through the Kubernetes API.
/// </summary>
public static class RbacEndpoints
{
    /// <summary>Response header with the time the preflight report was made.</summary>
    public const string PreflightRanAtHeader = "X-Preflight-Ran-At";

    public static IEndpointRouteBuilder MapRbacApi(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var rbac = api.MapGroup("/rbac").AddEndpointFilter(Errors).WithTags("RBAC audit");
        rbac.MapGet("/bootstrap-checklist", Checklist).RequireAuthorization(PortalPermissions.RbacRead)
            .WithName("GetBootstrapChecklist").WithSummary("Per bootstrap group: may its tokens create CSRs and get them auto-approved; are renewals auto-approved.")
            .Produces<ChecklistRowResponse[]>();
        rbac.MapPost("/bootstrap-checklist/fix", Fix).RequireAuthorization(PortalPermissions.RbacFix)
            .WithName("FixBootstrapChecklist").WithSummary("Creates the ClusterRoleBindings the checklist misses (Admin); dryRun answers the plan and YAML only.")
            .Produces<FixChecklistResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        rbac.MapGet("/findings", Findings).RequireAuthorization(PortalPermissions.RbacRead)
            .WithName("ListRbacFindings").WithSummary("Risky RBAC findings, worst first, each with subjects, bindings and a fix.")
            .Produces<FindingResponse[]>();
        rbac.MapGet("/who-can", WhoCan).RequireAuthorization(PortalPermissions.RbacRead)
            .WithName("WhoCan").WithSummary("Subjects RBAC allows a request, each with the binding paths that grant it.")
            .Produces<WhoCanResponse[]>().ProducesValidationProblem();
        rbac.MapGet("/who-can/questions", Questions).RequireAuthorization(PortalPermissions.RbacRead)
            .WithName("WhoCanQuestions").WithSummary("Who can approve or sign per signer, mint or read tokens, create CSRs, impersonate, escalate or bind.")
            .Produces<WhoCanQuestionResponse[]>();
        api.MapGet("/preflight", Preflight).RequireAuthorization(PortalPermissions.RbacRead).AddEndpointFilter(Errors).WithTags("RBAC audit")
            .WithName("GetPreflight").WithSummary("The cluster's bootstrap prerequisites, each with evidence and a fix; refresh=true runs them again.")
            .Produces<PreflightCheckResponse[]>();
        return api;
    }

    internal static IResult Checklist(RbacAuditService audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        if (!audit.IsSynced)
        {
            return NotSynced();
        }

        return Results.Ok(audit.Current.Checklist.Select(ChecklistRowResponse.From).ToArray());
    }

    internal static async Task<IResult> Fix([FromBody] FixChecklistBody? body, RbacFixService fix, RbacAuditService audit, PortalActorResolver actors,
        HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fix);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(actors);
        ArgumentNullException.ThrowIfNull(http);
        if (!audit.IsSynced)
        {
            return NotSynced();
        }

        List<BootstrapRequirement>? requirements = null;
        if (body?.Requirements is { } ids)
        {
            requirements = [];
            foreach (var id in ids)
            {
                if (!BootstrapRequirements.TryParse(id, out var requirement))
                {
                    return PortalApiErrors.Invalid("requirements",
                        $"Requirements are {string.Join(", ", BootstrapRequirements.All.Select(BootstrapRequirements.Id))}.");
                }

                requirements.Add(requirement);
            }
        }

        List<(BootstrapRequirement, string)>? rows = null;
        if (body?.Rows is { } wanted)
        {
            rows = [];
            foreach (var row in wanted)
            {
                if (row is null || !BootstrapRequirements.TryParse(row.Requirement, out var requirement) || string.IsNullOrEmpty(row.Group))
                {
                    return PortalApiErrors.Invalid("rows", "Each row needs a requirement (create-csrs, auto-approve-client-csrs, auto-approve-renewals) and a group.");
                }

                rows.Add((requirement, row.Group));
            }
        }

        var request = new BootstrapFixRequest(body?.Groups, requirements, rows);
        var actor = actors.Resolve(http.User);
        // Writes carry the person's impersonation headers once the portal impersonates users; null = the portal's own identity.
        var result = body?.DryRun == true ? fix.Preview(request, actor) : await fix.ApplyAsync(request, actor, cancellationToken);
        return Results.Ok(FixChecklistResponse.From(result));
    }

    internal static async Task<IResult> Findings(RbacAuditService audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        if (!audit.IsSynced)
        {
            return NotSynced();
        }

        return Results.Ok((await audit.GetFindingsAsync(cancellationToken)).Select(FindingResponse.From).ToArray());
    }

    internal static IResult WhoCan(RbacAuditService audit, string? verb = null, string? resource = null, string? subresource = null, string? name = null,
        [FromQuery(Name = "namespace")] string? @namespace = null)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var request = WhoCanQuery.Parse(verb, resource, subresource, name, @namespace);
        if (!audit.IsSynced)
        {
            return NotSynced();
        }

        return Results.Ok(audit.Current.WhoCan(request).Select(WhoCanResponse.From).ToArray());
    }

    internal static IResult Questions(RbacAuditService audit, Core.Cache.ClusterCache cache)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(cache);
        if (!audit.IsSynced)
        {
            return NotSynced();
        }

        var analysis = audit.Current;
        var signers = cache.CertificateSigningRequests.Items.Select(c => c.Spec?.SignerName).OfType<string>().Distinct(StringComparer.Ordinal);
        return Results.Ok(WhoCanQuestions.All(signers).Select(q =>
        {
            var answer = analysis.Answer(q);
            return new WhoCanQuestionResponse(q.Id, q.Title, q.Why, [.. answer.Complete.Select(WhoCanResponse.From)], [.. answer.Partial.Select(WhoCanResponse.From)]);
        }).ToArray());
    }

    internal static async Task<IResult> Preflight(PreflightService preflight, PortalActorResolver actors, HttpContext http, CancellationToken cancellationToken,
        bool refresh = false)
    {
        ArgumentNullException.ThrowIfNull(preflight);
        ArgumentNullException.ThrowIfNull(actors);
        ArgumentNullException.ThrowIfNull(http);
        var report = await preflight.GetAsync(actors.Resolve(http.User), refresh, cancellationToken);
        http.Response.Headers[PreflightRanAtHeader] = report.RanAt.ToString("O", CultureInfo.InvariantCulture);
        return Results.Ok(report.Checks.Select(PreflightCheckResponse.From).ToArray());
    }

    /// <summary>Bad input → 400 naming the field (the API group's filter answers the rest, e.g. a role that does not grant the action).</summary>
    private static async ValueTask<object?> Errors(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (RbacValidationException ex)
        {
            return PortalApiErrors.Invalid(ex.Field, ex.Message);
        }
    }

    private static IResult NotSynced() =>
        Results.Problem(title: "The RBAC cache is still loading", detail: "The portal has not read the cluster's RBAC objects yet; try again shortly.",
            statusCode: StatusCodes.Status503ServiceUnavailable);
}

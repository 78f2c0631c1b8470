using BootstrapPortal.Core.Preflight;
using BootstrapPortal.Core.Rbac;

namespace BootstrapPortal.Web.Api;

/// <summary>One row of <c>GET /api/v1/rbac/bootstrap-checklist</c>.</summary>
/// <param name="Requirement"><c>create-csrs</c>, <c>auto-approve-client-csrs</c> or <c>auto-approve-renewals</c>.</param>
/// <param name="Group">The group it is evaluated for.</param>
/// <param name="ClusterRole">The default ClusterRole that grants it.</param>
/// <param name="Satisfied">Whether RBAC grants it.</param>
/// <param name="Status"><c>satisfied</c>, <c>missing</c> (something relies on it) or <c>not-needed</c>.</param>
/// <param name="SatisfiedBy">The bindings that grant it.</param>
/// <param name="Missing">The requests nothing grants.</param>
/// <param name="Impact">What breaks while it is missing.</param>
/// <param name="UsedBy">Why the group is listed.</param>
/// <param name="Tokens">Usable tokens that carry the group.</param>
/// <param name="Note">Who relies on an unsatisfied row, or why nothing does.</param>
public sealed record ChecklistRowResponse(
    string Requirement,
    string Group,
    string ClusterRole,
    bool Satisfied,
    string Status,
    IReadOnlyList<GrantResponse> SatisfiedBy,
    IReadOnlyList<string> Missing,
    string Impact,
    string UsedBy,
    int Tokens,
    string? Note)
{
    public static ChecklistRowResponse From(BootstrapChecklistRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new(row.RequirementId, row.Group, row.ClusterRole, row.Satisfied, StatusName(row.Status), [.. row.SatisfiedBy.Select(GrantResponse.From)],
            row.Missing, row.Impact, row.UsedBy, row.Tokens, row.Note);
    }

    public static string StatusName(ChecklistStatus status) => status switch
    {
        ChecklistStatus.Satisfied => "satisfied",
        ChecklistStatus.Missing => "missing",
        _ => "not-needed",
    };
}

/// <summary>A binding that grants (part of) a requirement, and the subject of it that matched.</summary>
public sealed record GrantResponse(string Kind, string? Namespace, string Name, string RoleKind, string RoleName, string Subject)
{
    public static GrantResponse From(RbacGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return new(grant.Binding.Kind, grant.Binding.Namespace, grant.Binding.Name, grant.Binding.RoleKind, grant.Binding.RoleName,
            RbacSubjects.Describe(grant.Subject, grant.Binding.Namespace).Replace("\"", string.Empty, StringComparison.Ordinal));
    }
}

/// <summary>Body of <c>POST /api/v1/rbac/bootstrap-checklist/fix</c>; every member optional.</summary>
/// <param name="Groups">Bootstrap groups to grant CSR creation and auto-approval to; default: the group new tokens get.</param>
/// <param name="Requirements">Which requirements to fix (ids as in the checklist); default: all.</param>
/// <param name="Rows">Exact checklist rows to fix (instead of groups × requirements).</param>
/// <param name="DryRun">Only plan: answer the bindings and YAML without creating anything.</param>
public sealed record FixChecklistBody(IReadOnlyList<string>? Groups, IReadOnlyList<string>? Requirements, IReadOnlyList<FixRowBody>? Rows, bool? DryRun);

/// <summary>One checklist row of a fix request.</summary>
public sealed record FixRowBody(string? Requirement, string? Group);

/// <summary>The answer of the fix: each binding with its outcome, and the YAML of all planned bindings.</summary>
public sealed record FixChecklistResponse(bool Succeeded, IReadOnlyList<FixBindingResponse> Bindings, string Yaml)
{
    public static FixChecklistResponse From(BootstrapFixResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.Succeeded, [.. result.Bindings.Select(b => new FixBindingResponse(b.Name, BootstrapRequirements.Id(b.Requirement), b.Group, b.ClusterRole,
            Outcome(b.Outcome), b.Message))], result.Yaml);
    }

    /// <summary><c>planned</c>, <c>created</c>, <c>already-exists</c>, <c>refused</c>, <c>failed</c>.</summary>
    public static string Outcome(FixOutcome outcome) => outcome switch
    {
        FixOutcome.Planned => "planned",
        FixOutcome.Created => "created",
        FixOutcome.AlreadyExists => "already-exists",
        FixOutcome.Refused => "refused",
        _ => "failed",
    };
}

public sealed record FixBindingResponse(string Name, string Requirement, string Group, string ClusterRole, string Outcome, string? Message);

/// <summary>One risky finding of <c>GET /api/v1/rbac/findings</c>.</summary>
public sealed record FindingResponse(
    string Id,
    string Severity,
    string Title,
    string Detail,
    IReadOnlyList<string> Subjects,
    IReadOnlyList<RbacObjectResponse> Bindings,
    IReadOnlyList<RbacObjectResponse> Roles,
    string Fix,
    string? Benchmark)
{
    public static FindingResponse From(RbacFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return new(finding.Id, finding.Severity.ToString().ToLowerInvariant(), finding.Title, finding.Detail, finding.Subjects,
            [.. finding.Bindings.Select(RbacObjectResponse.From)], [.. finding.Roles.Select(RbacObjectResponse.From)], finding.Fix, finding.Benchmark);
    }
}

public sealed record RbacObjectResponse(string Kind, string? Namespace, string Name)
{
    public static RbacObjectResponse From(RbacObjectRef reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return new(reference.Kind, reference.Namespace, reference.Name);
    }
}

/// <summary>One subject of <c>GET /api/v1/rbac/who-can</c> with the paths that grant it.</summary>
public sealed record WhoCanResponse(string Kind, string Name, string? Namespace, IReadOnlyList<WhoCanPathResponse> Via)
{
    public static WhoCanResponse From(WhoCanSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return new(subject.Kind, subject.Name, subject.Namespace, [.. subject.Via.Select(v => new WhoCanPathResponse(
            v.IsBuiltIn ? null : v.BindingKind, v.BindingNamespace, v.IsBuiltIn ? null : v.BindingName, v.IsBuiltIn ? null : v.RoleKind,
            v.IsBuiltIn ? null : v.RoleName, v.Rule, v.IsBuiltIn, v.Describe()))]);
    }
}

/// <summary>A binding path; for the built-in system:masters grant only <c>builtIn</c>, <c>rule</c> and <c>description</c> are set.</summary>
public sealed record WhoCanPathResponse(
    string? BindingKind,
    string? BindingNamespace,
    string? BindingName,
    string? RoleKind,
    string? RoleName,
    string Rule,
    bool BuiltIn,
    string Description);

/// <summary>One of the audit's own who-can questions with its answer (<c>GET /api/v1/rbac/who-can/questions</c>).</summary>
public sealed record WhoCanQuestionResponse(string Id, string Title, string Why, IReadOnlyList<WhoCanResponse> Complete, IReadOnlyList<WhoCanResponse> Partial);

/// <summary>One check of <c>GET /api/v1/preflight</c>.</summary>
public sealed record PreflightCheckResponse(string Id, string Title, string Status, IReadOnlyList<string> Evidence, string? Fix)
{
    public static PreflightCheckResponse From(PreflightCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return new(check.Id, check.Title, check.Status.ToString().ToLowerInvariant(), check.Evidence, check.Fix);
    }
}

/// <summary>The per-token bootstrap check in token rows: <c>auto-approved</c>, <c>needs-approval</c> or <c>cannot-bootstrap</c>, and why.</summary>
public sealed record CanBootstrapResponse(string Result, IReadOnlyList<string> Reasons)
{
    public static CanBootstrapResponse From(TokenBootstrapCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return new(check.ResultName, check.Reasons);
    }
}

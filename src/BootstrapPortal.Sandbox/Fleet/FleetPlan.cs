using System.Net;

namespace BootstrapPortal.Sandbox.Fleet;

/// <summary>One node of the fleet: identity, when it joined, what it does during the run.</summary>
/// <param name="RotationDeadline">For renewing and stuck nodes, when their current client certificate comes due.</param>
/// <param name="CurrentCertificateIssued">For renewing and stuck nodes, when their current client certificate was issued.</param>
internal sealed record FleetNodePlan(int Index, string Name, IPAddress InternalIp, DateTimeOffset Joined, FleetNodeRole Role,
    bool Registered, DateTimeOffset? RotationDeadline, DateTimeOffset? CurrentCertificateIssued);

/// <summary>One preloaded CSR: its kind, the node it concerns, when it was created and (if decided) when it was approved.</summary>
/// <param name="TokenId">The bootstrap token that requested it (bootstrap kinds).</param>
/// <param name="IsCurrent">The request of the node's current client certificate (renewing and stuck nodes keep its key).</param>
internal sealed record FleetCsrPlan(string Name, FleetCsrKind Kind, FleetNodePlan Node, DateTimeOffset Created, DateTimeOffset? Approved,
    string? TokenId, bool IsCurrent)
{
    public bool IsClient => Kind is FleetCsrKind.Bootstrap or FleetCsrKind.Renewal or FleetCsrKind.StuckRenewal;

    public bool IsIssued => Approved is not null;
}

/// <summary>One bootstrap token Secret.</summary>
/// <param name="Expiration">Null for a token that never expires.</param>
/// <param name="InvalidGroup">An extra group the authenticator rejects (a malformed token), or null.</param>
internal sealed record FleetTokenPlan(string Id, string Secret, DateTimeOffset Created, DateTimeOffset? Expiration, string Description,
    bool Signing, string? InvalidGroup, string? ForNode);

/// <summary>One ClusterRoleBinding (<see cref="Namespace"/> null) or RoleBinding.</summary>
internal sealed record FleetBindingPlan(string Name, string? Namespace, string RoleKind, string RoleName, IReadOnlyList<FleetSubject> Subjects,
    DateTimeOffset Created);

/// <summary>An RBAC subject: <c>User</c>, <c>Group</c> or <c>ServiceAccount</c> (with its namespace).</summary>
internal sealed record FleetSubject(string Kind, string Name, string? Namespace);

/// <summary>Everything the fleet scenario preloads, decided before anything is generated.</summary>
internal sealed record FleetPlan(
    IReadOnlyList<FleetNodePlan> Nodes,
    IReadOnlyList<FleetCsrPlan> Csrs,
    IReadOnlyList<FleetTokenPlan> Tokens,
    IReadOnlyList<string> Namespaces,
    IReadOnlyList<FleetBindingPlan> Bindings,
    DateTimeOffset Now);

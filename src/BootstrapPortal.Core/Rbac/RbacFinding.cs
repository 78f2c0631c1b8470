namespace BootstrapPortal.Core.Rbac;

/// <summary>One risky finding of the RBAC audit.</summary>
/// <param name="Id">Stable id: the kind of finding and the object it is about (e.g. <c>anonymous-grant:ClusterRoleBinding/x</c>).</param>
/// <param name="Severity">How bad it is.</param>
/// <param name="Title">One line.</param>
/// <param name="Detail">What exactly is granted and why it matters.</param>
/// <param name="Subjects">The subjects concerned, e.g. <c>Group system:bootstrappers</c>.</param>
/// <param name="Bindings">The bindings behind it.</param>
/// <param name="Roles">The roles behind it.</param>
/// <param name="Fix">How to fix it, with the kubectl command where one fits.</param>
/// <param name="Benchmark">The CIS Kubernetes Benchmark recommendation it automates, if any (e.g. <c>CIS 5.1.11</c>).</param>
public sealed record RbacFinding(
    string Id,
    RbacFindingSeverity Severity,
    string Title,
    string Detail,
    IReadOnlyList<string> Subjects,
    IReadOnlyList<RbacObjectRef> Bindings,
    IReadOnlyList<RbacObjectRef> Roles,
    string Fix,
    string? Benchmark = null);

using System.Text.Json.Serialization;
using BootstrapPortal.Core.Text;

namespace BootstrapPortal.Core.Rbac;

/// <summary>One risky finding of the RBAC audit.</summary>
/// <param name="Id">Stable id: the kind of finding and the object it is about (e.g. <c>anonymous-grant:ClusterRoleBinding/x</c>).</param>
/// <param name="Severity">How bad it is.</param>
/// <param name="TitleText">One line.</param>
/// <param name="DetailText">What exactly is granted and why it matters.</param>
/// <param name="Subjects">The subjects concerned, e.g. <c>Group system:bootstrappers</c>.</param>
/// <param name="Bindings">The bindings behind it.</param>
/// <param name="Roles">The roles behind it.</param>
/// <param name="FixText">How to fix it, with the kubectl command where one fits.</param>
/// <param name="Benchmark">The CIS Kubernetes Benchmark recommendation it automates, if any (e.g. <c>CIS 5.1.11</c>).</param>
public sealed record RbacFinding(
    string Id,
    RbacFindingSeverity Severity,
    [property: JsonIgnore] PortalText TitleText,
    [property: JsonIgnore] PortalText DetailText,
    IReadOnlyList<string> Subjects,
    IReadOnlyList<RbacObjectRef> Bindings,
    IReadOnlyList<RbacObjectRef> Roles,
    [property: JsonIgnore] PortalText FixText,
    string? Benchmark = null)
{
    /// <summary>The title in English.</summary>
    public string Title => TitleText.ToString();

    /// <summary>The detail in English.</summary>
    public string Detail => DetailText.ToString();

    /// <summary>The fix in English.</summary>
    public string Fix => FixText.ToString();
}

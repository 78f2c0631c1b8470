namespace BootstrapPortal.Core.Rbac;

/// <summary>
/// Which checklist rows to fix. Null members take the defaults: the group new tokens get (see <see cref="BootstrapGroupAdvice"/>)
/// when its tokens cannot be auto-approved, and renewals for <c>system:nodes</c>; rows already satisfied are never touched.
/// </summary>
/// <param name="Groups">Bootstrap groups to grant the first two requirements to (<c>system:bootstrappers</c> or <c>system:bootstrappers:…</c>).</param>
/// <param name="Requirements">Which requirements to fix; null = all three.</param>
/// <param name="Rows">Exact checklist rows (requirement and group) to fix instead of <paramref name="Groups"/> × <paramref name="Requirements"/>.</param>
public sealed record BootstrapFixRequest(
    IReadOnlyList<string>? Groups = null,
    IReadOnlyList<BootstrapRequirement>? Requirements = null,
    IReadOnlyList<(BootstrapRequirement Requirement, string Group)>? Rows = null);

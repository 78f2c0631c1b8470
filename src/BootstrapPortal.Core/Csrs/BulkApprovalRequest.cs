namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// Which CSRs a bulk approval covers: the selected <see cref="Names"/>, or (when null) every pending CSR that passes
/// (<see cref="CsrApprovalRules.IsBulkApprovable"/>). Pass items are approved; a Warn item only if its name is in
/// <see cref="Confirmed"/>; a Fail item only if <see cref="Overrides"/> gives it a reason. Everything else is skipped.
/// </summary>
public sealed record BulkApprovalRequest(
    IReadOnlyList<string>? Names,
    IReadOnlySet<string>? Confirmed = null,
    IReadOnlyDictionary<string, string>? Overrides = null)
{
    public static BulkApprovalRequest AllPendingThatPass { get; } = new(Names: null);

    public static BulkApprovalRequest Selected(IEnumerable<string> names, IEnumerable<string>? confirmed = null,
        IReadOnlyDictionary<string, string>? overrides = null) =>
        new([.. names],
            confirmed is null ? null : new HashSet<string>(confirmed, StringComparer.Ordinal),
            overrides is null ? null : new Dictionary<string, string>(overrides, StringComparer.Ordinal));

    public bool IsConfirmed(string name) => Confirmed?.Contains(name) == true;

    /// <summary>The override reason given for <paramref name="name"/>; null when it was not overridden.</summary>
    public string? OverrideReason(string name) =>
        Overrides is not null && Overrides.TryGetValue(name, out var reason) && !string.IsNullOrWhiteSpace(reason) ? reason : null;
}

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// Which CSRs a bulk approval covers: the selected <see cref="Names"/>, or (when null) every pending CSR whose verdict passes.
/// CSRs whose verdict fails are skipped unless their name is in <see cref="Overrides"/> (overridden one by one).
/// </summary>
public sealed record BulkApprovalRequest(IReadOnlyList<string>? Names, IReadOnlySet<string>? Overrides = null)
{
    public static BulkApprovalRequest AllPendingThatPass { get; } = new(Names: null);

    public static BulkApprovalRequest Selected(IEnumerable<string> names, IEnumerable<string>? overrides = null) =>
        new([.. names], overrides is null ? null : new HashSet<string>(overrides, StringComparer.Ordinal));

    public bool IsOverridden(string name) => Overrides?.Contains(name) == true;
}

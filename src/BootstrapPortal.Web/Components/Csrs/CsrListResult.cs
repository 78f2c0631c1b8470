using BootstrapPortal.Core.Csrs;
namespace BootstrapPortal.Web.Components.Csrs;

/// <summary>
/// A page of the CSR list: its rows, how many match, the choices of the filter drop-downs and the counts the buttons show,
/// all from one shared snapshot (<see cref="Version"/> tells snapshots apart).
/// </summary>
public sealed record CsrListResult(
    IReadOnlyList<CsrEntry> Items,
    int Total,
    int All,
    int PendingCount,
    int BulkApprovableCount,
    IReadOnlyList<string> Signers,
    DateTimeOffset BuiltAt,
    long Version)
{
    public static CsrListResult Empty { get; } = new([], 0, 0, 0, 0, [], DateTimeOffset.MinValue, -1);

    /// <summary>
    /// Whether <paramref name="other"/> shows the same thing: the same rows in the same order, each the same object version
    /// with the same verdict, and the same counts. A new snapshot in which only rows of other pages changed is the same.
    /// </summary>
    public bool ShowsSameAs(CsrListResult? other)
    {
        if (other is null || Total != other.Total || All != other.All || PendingCount != other.PendingCount
            || BulkApprovableCount != other.BulkApprovableCount || Items.Count != other.Items.Count || !Signers.SequenceEqual(other.Signers, StringComparer.Ordinal))
        {
            return false;
        }

        for (var i = 0; i < Items.Count; i++)
        {
            var (a, b) = (Items[i], other.Items[i]);
            if (ReferenceEquals(a, b))
            {
                continue;
            }

            if (!string.Equals(a.Name, b.Name, StringComparison.Ordinal) || !string.Equals(a.View.ResourceVersion, b.View.ResourceVersion, StringComparison.Ordinal)
                || a.View.ObjectUid != b.View.ObjectUid || a.Verdict.Result != b.Verdict.Result || a.View.State != b.View.State)
            {
                return false;
            }
        }

        return true;
    }
}

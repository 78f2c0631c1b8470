namespace BootstrapPortal.Core.Ledger;

/// <summary>
/// The filters of the Nodes page, the API and exports: free-text search (node, token, serial, kubelet version), certificates
/// expiring within N days, rotation status.
/// </summary>
public sealed record NodeBoardQuery(string? Search = null, int? ExpiringWithinDays = null, bool UnhealthyOnly = false, RotationStatus? Status = null)
{
    public bool Matches(NodeCertificateRow row, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (UnhealthyOnly && row.Rotation.Status == RotationStatus.Healthy)
        {
            return false;
        }

        if (Status is { } status && row.Rotation.Status != status)
        {
            return false;
        }

        if (ExpiringWithinDays is { } days && !(row.NextExpiry is { } expiry && expiry <= now.AddDays(days)))
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(Search))
        {
            return true;
        }

        var term = Search.Trim();
        return Contains(row.Name, term) || Contains(row.JoinedWithToken, term) || Contains(row.KubeletVersion, term)
            || Contains(row.Client?.SerialNumber, term) || Contains(row.Serving?.SerialNumber, term)
            || row.Rotation.Reasons.Any(r => Contains(r.Code, term));
    }

    private static bool Contains(string? value, string term) => value is not null && value.Contains(term, StringComparison.OrdinalIgnoreCase);
}

namespace BootstrapPortal.Core.Ledger;

/// <summary>
/// The Nodes &amp; certificates read model: every Node's row, built once per change of the nodes or the ledger (and as time
/// passes) and shared by every page, the API and <c>/metrics</c>.
/// </summary>
public sealed record NodeBoard(IReadOnlyList<NodeCertificateRow> Rows, DateTimeOffset BuiltAt, bool Loaded, string? Error)
{
    public static NodeBoard Empty { get; } = new([], DateTimeOffset.MinValue, false, null);

    public int Unhealthy => Rows.Count(r => r.Rotation.Status == RotationStatus.Unhealthy);

    public int Warnings => Rows.Count(r => r.Rotation.Status == RotationStatus.Warning);

    /// <summary>Rows with a certificate expiring within <paramref name="window"/> of <see cref="BuiltAt"/> (expired included).</summary>
    public IReadOnlyList<NodeCertificateRow> ExpiringWithin(TimeSpan window) =>
        Rows.Where(r => r.NextExpiry is { } e && e <= BuiltAt + window).OrderBy(r => r.NextExpiry).ToArray();

    public NodeCertificateRow? Find(string name) => Rows.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal));
}

namespace BootstrapPortal.Core.Csrs;

/// <summary>The distinct values the CSR list's filters offer, ordinally sorted; computed once per <see cref="CsrCatalogSnapshot"/>.</summary>
public sealed record CsrFacets(IReadOnlyList<string> Signers, IReadOnlyList<string> Requestors, IReadOnlyList<string> Nodes)
{
    public static CsrFacets From(IReadOnlyList<CsrEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return new CsrFacets(
            Distinct(entries.Select(e => e.View.SignerName)),
            Distinct(entries.Select(e => e.View.Username)),
            Distinct(entries.Select(e => e.View.NodeName)));
    }

    private static string[] Distinct(IEnumerable<string?> values) =>
        [.. values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}

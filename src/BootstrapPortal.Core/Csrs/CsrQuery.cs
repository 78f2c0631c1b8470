namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// Filters of the CSR list. Every set filter must match; <see cref="Search"/> matches (case-insensitively) the name,
/// requester, signer, subject CN or any SAN. <see cref="States"/> matches any of the states it holds (the API's
/// <c>state=Approved,Issued</c>, parsed by <see cref="CsrStateFilter"/>).
/// </summary>
public sealed record CsrQuery(
    CsrState? State = null,
    string? SignerName = null,
    string? Requestor = null,
    string? NodeName = null,
    string? Search = null,
    IReadOnlySet<CsrState>? States = null,
    IReadOnlySet<CsrVerdictResult>? Verdicts = null)
{
    public static CsrQuery All { get; } = new();

    /// <summary>Whether the entry matches the view filters and <see cref="Verdicts"/>.</summary>
    public bool Matches(CsrEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return (Verdicts is null || Verdicts.Contains(entry.Verdict.Result)) && Matches(entry.View);
    }

    /// <summary>Whether the view matches every filter except <see cref="Verdicts"/> (a view has no verdict).</summary>
    public bool Matches(CsrView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return (State is null || view.State == State)
            && (States is null || States.Contains(view.State))
            && (string.IsNullOrEmpty(SignerName) || string.Equals(view.SignerName, SignerName, StringComparison.Ordinal))
            && (string.IsNullOrEmpty(Requestor) || string.Equals(view.Username, Requestor, StringComparison.Ordinal))
            && (string.IsNullOrEmpty(NodeName) || string.Equals(view.NodeName, NodeName, StringComparison.Ordinal))
            && (string.IsNullOrWhiteSpace(Search) || SearchText(view).Any(t => t.Contains(Search.Trim(), StringComparison.OrdinalIgnoreCase)));
    }

    private static IEnumerable<string> SearchText(CsrView view)
    {
        yield return view.Name;
        yield return view.Username;
        yield return view.SignerName;
        if (view.CommonName is not null)
        {
            yield return view.CommonName;
        }

        var sans = view.SubjectAlternativeNames;
        foreach (var s in sans.DnsNames.Concat(sans.IpAddresses).Concat(sans.EmailAddresses).Concat(sans.Uris))
        {
            yield return s;
        }
    }
}

using BootstrapPortal.Core.Csrs;

namespace BootstrapPortal.Web.Components.Csrs;

/// <summary>The CSR list page's filters as a <see cref="CsrQuery"/>, and the choices its selects offer (tested without rendering).</summary>
public sealed class CsrListView
{
    public CsrState? State { get; set; }

    public string? Signer { get; set; }

    public string? Requestor { get; set; }

    public string? Node { get; set; }

    public string? Search { get; set; }

    public CsrQuery Query => new(State, Blank(Signer), Blank(Requestor), Blank(Node), Blank(Search));

    public static IReadOnlyList<string> Choices(IEnumerable<CsrEntry> entries, Func<CsrView, string?> field) =>
        entries.Select(e => field(e.View)).Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Pending first (they need a person), newest first within a state.</summary>
    public static IReadOnlyList<CsrEntry> Order(IEnumerable<CsrEntry> entries) =>
        entries.OrderBy(e => e.View.State == CsrState.Pending ? 0 : 1).ThenByDescending(e => e.View.CreatedAt ?? DateTimeOffset.MinValue).ThenBy(e => e.Name, StringComparer.Ordinal).ToArray();

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

using BootstrapPortal.Core.Parsing;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// Parses a CSR state filter as it comes from a query string: one state name (<c>Pending</c>) or a comma-separated list
/// (<c>Approved,Issued</c>), case-insensitive. Only the names themselves are accepted: never numbers, and never enum flags
/// (which would turn <c>Approved,Issued</c> into their bitwise sum, another state).
/// </summary>
public static class CsrStateFilter
{
    /// <summary>Inputs longer than this are refused before they are split.</summary>
    public const int MaxLength = EnumSetFilter.MaxLength;

    /// <summary>What the filter accepts, for error messages (never the input itself).</summary>
    public static string Expected { get; } = EnumSetFilter.Expected<CsrState>();

    /// <summary>The states named by <paramref name="text"/>; false when any entry is not a state name.</summary>
    public static bool TryParse(string? text, out IReadOnlySet<CsrState> states) => EnumSetFilter.TryParse(text, out states);
}

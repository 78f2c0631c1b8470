using BootstrapPortal.Core.Csrs;
namespace BootstrapPortal.Web.Components.Csrs;

/// <summary>CSR entries are the same row when they have the same name (a watch event replaces the objects, not the row).</summary>
public sealed class CsrNameComparer : IEqualityComparer<CsrEntry>
{
    public static CsrNameComparer Instance { get; } = new();

    public bool Equals(CsrEntry? x, CsrEntry? y) => string.Equals(x?.Name, y?.Name, StringComparison.Ordinal);

    public int GetHashCode(CsrEntry obj) => StringComparer.Ordinal.GetHashCode(obj?.Name ?? string.Empty);
}

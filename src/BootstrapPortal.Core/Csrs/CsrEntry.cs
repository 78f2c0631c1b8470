namespace BootstrapPortal.Core.Csrs;

/// <summary>One CSR as the portal shows it: the view and its verdict.</summary>
public sealed record CsrEntry(CsrView View, CsrVerdict Verdict)
{
    public string Name => View.Name;
}

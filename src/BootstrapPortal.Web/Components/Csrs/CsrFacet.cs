namespace BootstrapPortal.Web.Components.Csrs;

/// <summary>The CSR list's filters whose values come from the CSRs themselves.</summary>
public enum CsrFacet
{
    Signer,
    Requestor,
    Node,
}

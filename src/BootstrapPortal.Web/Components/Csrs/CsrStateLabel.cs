using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Web.Resources;
using Microsoft.Extensions.Localization;

namespace BootstrapPortal.Web.Components.Csrs;

/// <summary>The name of a CSR state in the console's language (the chip, the filters, the overview's chart).</summary>
public static class CsrStateLabel
{
    public static string For(CsrState state, IStringLocalizer<CsrText> L)
    {
        ArgumentNullException.ThrowIfNull(L);
        return state switch
        {
            CsrState.Pending => L["Pending"],
            CsrState.Approved => L["Approved"],
            CsrState.Issued => L["Issued"],
            CsrState.Denied => L["Denied"],
            CsrState.Failed => L["Failed"],
            _ => state.ToString(),
        };
    }
}

using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Web.Resources;
using Microsoft.Extensions.Localization;

namespace BootstrapPortal.Web.Components.Csrs;

/// <summary>The result of a verdict in the console's language (the chip, the detail page's heading).</summary>
public static class CsrVerdictLabel
{
    public static string For(CsrVerdictResult result, IStringLocalizer<CsrText> L)
    {
        ArgumentNullException.ThrowIfNull(L);
        return result switch
        {
            CsrVerdictResult.Pass => L["Pass"],
            CsrVerdictResult.Warn => L["Warn"],
            _ => L["Fail"],
        };
    }
}

using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Web.Resources;
using Microsoft.Extensions.Localization;

namespace BootstrapPortal.Web.Components.Csrs;

/// <summary>The outcome of one approval or denial in the console's language (the bulk approval's results).</summary>
public static class CsrOutcomeLabel
{
    public static string For(CsrDecisionOutcome outcome, IStringLocalizer<CsrText> L)
    {
        ArgumentNullException.ThrowIfNull(L);
        return outcome switch
        {
            CsrDecisionOutcome.Approved => L["Approved"],
            CsrDecisionOutcome.Denied => L["Denied"],
            CsrDecisionOutcome.AlreadyDecided => L["already decided"],
            CsrDecisionOutcome.Conflict => L["changed meanwhile"],
            CsrDecisionOutcome.NotFound => L["not found"],
            CsrDecisionOutcome.Skipped => L["skipped"],
            CsrDecisionOutcome.VerdictFails => L["verdict fails"],
            CsrDecisionOutcome.Forbidden => L["forbidden"],
            CsrDecisionOutcome.Failed => L["Failed"],
            _ => outcome.ToString(),
        };
    }
}

using BootstrapPortal.Core.Tokens;
using BootstrapPortal.Web.Components.Shared;
using BootstrapPortal.Web.Resources;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace BootstrapPortal.Web.Components.Tokens;

/// <summary>
/// Asks before a token is deleted. A token still in use — not expired, or referenced by a CSR or a node that joined with it —
/// needs its id typed; an expired, unused one only a click. Either way Cancel is the focused, first choice.
/// </summary>
public static class TokenDeleteConfirmation
{
    public static bool IsInUse(BootstrapTokenInfo token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token.Status != TokenStatus.Expired || token.UsedByCsrs.Count > 0 || token.JoinedNodes.Count > 0;
    }

    public static IReadOnlyList<string> Consequences(BootstrapTokenInfo token, IStringLocalizer<TokenText> L)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(L);
        var lines = new List<string>();
        if (token.Status is not TokenStatus.Expired and not TokenStatus.Invalid)
        {
            lines.Add(L["The token is still valid: any kubelet that holds it can no longer authenticate, and a node that has not joined yet cannot."]);
        }

        if (token.UsedByCsrs.Count > 0)
        {
            lines.Add(L["{0} certificate request(s) came from it ({1}).", NumberText.Count(token.UsedByCsrs.Count), string.Join(", ", token.UsedByCsrs.Take(5)) + (token.UsedByCsrs.Count > 5 ? ", …" : string.Empty)]);
        }

        if (token.JoinedNodes.Count > 0)
        {
            lines.Add(L["Nodes that joined with it keep their certificates: {0}.", string.Join(", ", token.JoinedNodes.Take(5)) + (token.JoinedNodes.Count > 5 ? ", …" : string.Empty)]);
        }

        return lines;
    }

    /// <summary>Shows the confirmation; true when the person confirmed.</summary>
    public static async Task<bool> AskAsync(IDialogService dialogs, BootstrapTokenInfo token, IStringLocalizer<TokenText> L)
    {
        ArgumentNullException.ThrowIfNull(dialogs);
        ArgumentNullException.ThrowIfNull(token);
        var parameters = new DialogParameters<ConfirmDialog>
        {
            { d => d.Message, L["Delete bootstrap token {0} (Secret kube-system/{1})? This cannot be undone.", token.Id, token.SecretName].Value },
            { d => d.Consequences, Consequences(token, L) },
            { d => d.ActionText, L["Delete token"].Value },
            { d => d.ConfirmName, IsInUse(token) ? token.Id : null },
        };
        var dialog = await dialogs.ShowAsync<ConfirmDialog>(L["Delete token {0}?", token.Id], parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        var result = await dialog.Result;
        return result is { Canceled: false, Data: true };
    }
}

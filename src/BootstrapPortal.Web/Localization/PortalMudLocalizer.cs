using BootstrapPortal.Web.Resources;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace BootstrapPortal.Web.Localization;

/// <summary>
/// MudBlazor's own strings (pager, table, input and dialog buttons) from <see cref="MudBlazorText"/>. MudBlazor asks only
/// outside English; a key the resources do not hold is reported as not found, so MudBlazor falls back to its English.
/// </summary>
public sealed class PortalMudLocalizer(IStringLocalizer<MudBlazorText> text) : MudLocalizer
{
    public override LocalizedString this[string key] => text[key];

    public override LocalizedString this[string key, params object[] arguments] => text[key, arguments];
}

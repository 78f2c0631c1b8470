using MudBlazor;

namespace BootstrapPortal.Web.Components.Layout;

/// <summary>The portal's colours; system fonts only (no outside font host is reachable from many clusters).</summary>
public static class PortalTheme
{
    public static MudTheme Theme { get; } = new()
    {
        // Colours dark enough for white text (at least 4.5:1) and for coloured text on their light tints (alerts, the active
        // navigation link): MudBlazor's defaults for success, warning, info and error are too light for either.
        PaletteLight = new PaletteLight
        {
            Primary = "#2557c7",
            AppbarBackground = "#2557c7",
            Success = "#2e7d32",
            Warning = "#a35200",
            Info = "#0b62b8",
            Error = "#c62828",
        },
        PaletteDark = new PaletteDark { Primary = "#7aa2f7" },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}

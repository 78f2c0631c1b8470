using MudBlazor;

namespace BootstrapPortal.Web.Components.Layout;

/// <summary>The portal's colours; system fonts only (no outside font host is reachable from many clusters).</summary>
public static class PortalTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight { Primary = "#326ce5", AppbarBackground = "#326ce5" },
        PaletteDark = new PaletteDark { Primary = "#7aa2f7" },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}

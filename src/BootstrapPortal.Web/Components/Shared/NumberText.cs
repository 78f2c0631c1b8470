using System.Globalization;

namespace BootstrapPortal.Web.Components.Shared;

/// <summary>Counts as people read them in the console's language (digit grouping of the culture: 12,345).</summary>
public static class NumberText
{
    public static string Count(long value) => CountIn(value, CultureInfo.CurrentCulture);

    public static string CountIn(long value, CultureInfo culture) => value.ToString("N0", culture);
}

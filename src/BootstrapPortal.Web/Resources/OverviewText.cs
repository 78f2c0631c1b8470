namespace BootstrapPortal.Web.Resources;

/// <summary>The texts of the overview page (English keys; translations in <c>OverviewText.zh-Hans.resx</c>).</summary>
public sealed class OverviewText;

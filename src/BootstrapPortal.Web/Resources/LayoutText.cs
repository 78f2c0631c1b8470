namespace BootstrapPortal.Web.Resources;

/// <summary>The texts of the shell: app bar, navigation, skip link, language switcher, page errors (English keys; translations in <c>LayoutText.zh-Hans.resx</c>).</summary>
public sealed class LayoutText;

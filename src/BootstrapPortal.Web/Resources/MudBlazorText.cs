namespace BootstrapPortal.Web.Resources;

/// <summary>MudBlazor's own strings, keyed by MudBlazor's resource names (English keys; translations in <c>MudBlazorText.zh-Hans.resx</c>).</summary>
public sealed class MudBlazorText;

namespace BootstrapPortal.Web.Resources;

/// <summary>The texts of the shared building blocks: pager, sort headers, cache states, dialogs, copy buttons, times (English keys; translations in <c>SharedText.zh-Hans.resx</c>).</summary>
public sealed class SharedText;

namespace BootstrapPortal.Web.Resources;

/// <summary>The texts of the bootstrap flow view (English keys; translations in <c>FlowText.zh-Hans.resx</c>).</summary>
public sealed class FlowText;

namespace BootstrapPortal.Web.Resources;

/// <summary>The texts of the serving policy page (English keys; translations in <c>PolicyText.zh-Hans.resx</c>).</summary>
public sealed class PolicyText;

namespace BootstrapPortal.Web.Resources;

/// <summary>The texts of the YAML and Events tabs of detail pages (English keys; translations in <c>ObjectText.zh-Hans.resx</c>).</summary>
public sealed class ObjectText;

namespace BootstrapPortal.Web.Resources;

/// <summary>The texts of the node pages: certificates, rotation, expiry (English keys; translations in <c>NodeText.zh-Hans.resx</c>).</summary>
public sealed class NodeText;

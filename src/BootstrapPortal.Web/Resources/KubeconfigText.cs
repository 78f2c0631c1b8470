namespace BootstrapPortal.Web.Resources;

/// <summary>The texts of the kubeconfig page (English keys; translations in <c>KubeconfigText.zh-Hans.resx</c>).</summary>
public sealed class KubeconfigText;

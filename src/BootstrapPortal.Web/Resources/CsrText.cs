namespace BootstrapPortal.Web.Resources;

/// <summary>The texts of the certificate request pages and dialogs (English keys; translations in <c>CsrText.zh-Hans.resx</c>).</summary>
public sealed class CsrText;

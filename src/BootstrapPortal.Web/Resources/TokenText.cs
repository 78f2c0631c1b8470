namespace BootstrapPortal.Web.Resources;

/// <summary>The texts of the bootstrap token page and its dialogs (English keys; translations in <c>TokenText.zh-Hans.resx</c>).</summary>
public sealed class TokenText;

namespace BootstrapPortal.Web.Resources;

/// <summary>The texts of the audit trail page (English keys; translations in <c>AuditText.zh-Hans.resx</c>).</summary>
public sealed class AuditText;

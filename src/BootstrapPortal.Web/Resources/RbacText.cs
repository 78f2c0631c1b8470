namespace BootstrapPortal.Web.Resources;

/// <summary>The texts of the RBAC audit pages: checklist, findings, preflight, who-can, fixes (English keys; translations in <c>RbacText.zh-Hans.resx</c>).</summary>
public sealed class RbacText;

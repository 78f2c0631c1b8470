namespace BootstrapPortal.Core.Tokens;

/// <summary>
/// Labels and annotations the portal stores on the bootstrap token Secrets it mints. The <c>description</c> data key stays
/// human text; the portal's own facts live in metadata.
/// </summary>
public static class PortalTokenMetadata
{
    public const string Prefix = "bootstrapportal.io/";

    /// <summary>Annotation: the node the token was minted for.</summary>
    public const string NodeNameAnnotation = Prefix + "node-name";

    /// <summary>Label <c>"true"</c>: delete the token once its node's first client certificate is issued.</summary>
    public const string OneTimeLabel = Prefix + "one-time";

    /// <summary>Annotation: who minted the token.</summary>
    public const string CreatedByAnnotation = Prefix + "created-by";

    /// <summary>Annotation: who last extended the token.</summary>
    public const string ExtendedByAnnotation = Prefix + "extended-by";

    /// <summary>Label marking Secrets the portal created.</summary>
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    public const string ManagedByValue = "bootstrap-portal";
}

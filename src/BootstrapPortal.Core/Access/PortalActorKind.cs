namespace BootstrapPortal.Core.Access;

/// <summary>How the acting party was identified.</summary>
public enum PortalActorKind
{
    /// <summary>No login is configured: the anonymous user on the portal's own machine (local mode).</summary>
    Local,

    /// <summary>A person signed in through OpenID Connect (browser session).</summary>
    Person,

    /// <summary>A script with a bearer token from the same OpenID Connect authority.</summary>
    Script,

    /// <summary>The portal itself (e.g. the policy approver or a rollback), acting with its own Kubernetes credentials.</summary>
    Portal,
}

namespace BootstrapPortal.Web.Security;

/// <summary>Configuration section <c>Security</c>.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>
    /// Until login is configured the portal serves only loopback clients. Setting this lets anyone who can reach the port
    /// act as an administrator: only for a trusted, isolated network.
    /// </summary>
    public bool AllowRemoteAnonymous { get; set; }
}

namespace BootstrapPortal.Web.Security;

/// <summary>
/// Who is acting, recorded with every change the portal makes. Until login lands only loopback clients are served and they
/// act as <see cref="AnonymousLoopback"/>.
/// </summary>
public static class PortalActor
{
    public const string AnonymousLoopback = "anonymous@loopback";

    public static string Current => AnonymousLoopback;
}

namespace BootstrapPortal.Web.Api;

/// <summary>Who is acting, for audit annotations and logs. Until login exists this is always the loopback anonymous user.</summary>
public static class PortalActor
{
    public const string AnonymousLoopback = "anonymous@loopback";

    public static string From(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : AnonymousLoopback;
    }
}

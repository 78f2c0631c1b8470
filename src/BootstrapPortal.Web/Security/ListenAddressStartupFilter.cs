namespace BootstrapPortal.Web.Security;

/// <summary>
/// Runs the listen-address rule while the request pipeline is built, which the host does before the server binds: a
/// refused address is never opened.
/// </summary>
public sealed class ListenAddressStartupFilter(ListenAddressGuard guard) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next)
    {
        guard.CheckConfigured();
        return next;
    }
}

using BootstrapPortal.Core.Access;
using Microsoft.AspNetCore.Components.Authorization;

namespace BootstrapPortal.Web.Security;

/// <summary>The acting person of this circuit (scoped): what pages pass to the services, never a hard-coded name.</summary>
public sealed class CurrentActor(AuthenticationStateProvider authentication, PortalActorResolver resolver)
{
    public async Task<PortalActor> GetAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return resolver.Resolve(state.User);
    }
}

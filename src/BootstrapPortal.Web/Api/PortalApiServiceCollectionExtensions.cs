using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Core.Tokens;
using Microsoft.AspNetCore.Authorization;

namespace BootstrapPortal.Web.Api;

/// <summary>Registers what the JSON API needs: the token services, one authorization policy per permission, OpenAPI.</summary>
public static class PortalApiServiceCollectionExtensions
{
    public static IServiceCollection AddPortalApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddBootstrapPortalTokens(configuration);
        services.AddBootstrapPortalCsrs(configuration);
        services.AddBootstrapPortalRbac(configuration);
        services.AddSingleton<IAuthorizationHandler, LoopbackAnonymousHandler>();
        services.AddAuthorization(options =>
        {
            foreach (var permission in PortalPermissions.All)
            {
                options.AddPolicy(permission, policy => policy.AddRequirements(new LoopbackAnonymousRequirement()));
            }
        });
        services.AddProblemDetails();
        services.AddOpenApi();
        return services;
    }
}

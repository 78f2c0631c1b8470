using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Ledger;
using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Core.Tokens;

namespace BootstrapPortal.Web.Api;

/// <summary>Registers what the JSON API needs: the token, CSR and RBAC audit services, problem details, OpenAPI (policies: AddPortalAuthentication).</summary>
public static class PortalApiServiceCollectionExtensions
{
    public static IServiceCollection AddPortalApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddBootstrapPortalTokens(configuration);
        services.AddBootstrapPortalCsrs(configuration);
        services.AddBootstrapPortalRbac(configuration);
        services.AddBootstrapPortalLedger();
        services.AddProblemDetails();
        services.AddOpenApi();
        return services;
    }
}

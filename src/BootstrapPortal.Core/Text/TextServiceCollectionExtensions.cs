using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BootstrapPortal.Core.Text;

/// <summary>Registers the renderer of Core's texts (one singleton for every session).</summary>
public static class TextServiceCollectionExtensions
{
    public static IServiceCollection AddPortalTexts(this IServiceCollection services)
    {
        services.TryAddSingleton<PortalTextLocalizer>();
        return services;
    }
}

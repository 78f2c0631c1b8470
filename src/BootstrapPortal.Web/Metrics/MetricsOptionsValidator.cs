using Microsoft.Extensions.Options;

namespace BootstrapPortal.Web.Metrics;

/// <summary>Checks the <c>Metrics</c> section at start; every message names the key at fault.</summary>
public sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Enabled && (string.IsNullOrWhiteSpace(options.Path) || !options.Path.StartsWith('/') || options.Path.StartsWith("/api/", StringComparison.Ordinal)
            || options.Path.Any(c => char.IsWhiteSpace(c) || c is '?' or '#' or '{' or '}')))
        {
            return ValidateOptionsResult.Fail($"{MetricsOptions.SectionName}:Path must be a plain path starting with / outside /api/ (e.g. /metrics).");
        }

        return ValidateOptionsResult.Success;
    }
}

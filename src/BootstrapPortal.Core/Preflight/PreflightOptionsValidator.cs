using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Preflight;

/// <summary>Checks the <c>Preflight</c> section at start; every message names the key at fault.</summary>
public sealed class PreflightOptionsValidator : IValidateOptions<PreflightOptions>
{
    public ValidateOptionsResult Validate(string? name, PreflightOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string S = PreflightOptions.SectionName;
        var failures = new List<string>();
        Range(failures, $"{S}:MaxAge", options.MaxAge, TimeSpan.FromSeconds(5), TimeSpan.FromHours(1));
        Range(failures, $"{S}:ProbeTimeout", options.ProbeTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        Range(failures, $"{S}:StuckAfter", options.StuckAfter, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));
        Range(failures, $"{S}:RecentWindow", options.RecentWindow, TimeSpan.FromHours(1), TimeSpan.FromDays(30));
        Range(failures, $"{S}:CaExpiryWarning", options.CaExpiryWarning, TimeSpan.Zero, TimeSpan.FromDays(3650));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range(List<string> failures, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{key} must be between {min:c} and {max:c} (was {value:c}).");
        }
    }
}

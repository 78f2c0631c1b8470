using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Cache;

/// <summary>Checks the <c>Cache</c> section at start; every message names the key at fault.</summary>
public sealed class InformerOptionsValidator : IValidateOptions<InformerOptions>
{
    public ValidateOptionsResult Validate(string? name, InformerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string S = InformerOptions.SectionName;
        var failures = new List<string>();
        if (options.PageSize is < 1 or > 10000)
        {
            failures.Add($"{S}:PageSize must be between 1 and 10000 (was {options.PageSize}).");
        }

        if (options.InitialBackoff <= TimeSpan.Zero)
        {
            failures.Add($"{S}:InitialBackoff must be positive (was {options.InitialBackoff}).");
        }

        if (options.MaxBackoff < options.InitialBackoff)
        {
            failures.Add($"{S}:MaxBackoff must be at least {S}:InitialBackoff (was {options.MaxBackoff}).");
        }

        if (options.MinWatchTimeout < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{S}:MinWatchTimeout must be at least 00:00:01 (was {options.MinWatchTimeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

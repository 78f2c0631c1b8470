using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Audit;

/// <summary>Checks the <c>Audit</c> section at start; every message names the key at fault.</summary>
public sealed class AuditOptionsValidator : IValidateOptions<AuditOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string S = AuditOptions.SectionName;
        var failures = new List<string>();
        if (options.EventQueueCapacity is < 10 or > 100_000)
        {
            failures.Add($"{S}:EventQueueCapacity must be between 10 and 100000 (was {options.EventQueueCapacity}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

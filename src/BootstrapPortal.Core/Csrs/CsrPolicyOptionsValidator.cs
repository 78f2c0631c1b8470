using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Csrs;

/// <summary>Validates <see cref="CsrPolicyOptions"/> at start-up.</summary>
public sealed class CsrPolicyOptionsValidator : IValidateOptions<CsrPolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, CsrPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.MaxRequestedLifetime < TimeSpan.FromMinutes(10))
        {
            errors.Add($"{CsrPolicyOptions.SectionName}:MaxRequestedLifetime must be at least 00:10:00 (Kubernetes' minimum expirationSeconds is 600).");
        }

        if (options.BulkConcurrency is < 1 or > 32)
        {
            errors.Add($"{CsrPolicyOptions.SectionName}:BulkConcurrency must be between 1 and 32.");
        }

        if (string.IsNullOrWhiteSpace(options.PolicyActor))
        {
            errors.Add($"{CsrPolicyOptions.SectionName}:PolicyActor must not be empty.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

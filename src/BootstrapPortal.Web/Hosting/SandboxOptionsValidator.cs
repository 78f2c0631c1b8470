using BootstrapPortal.Sandbox;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Web.Hosting;

/// <summary>Checks the <c>Sandbox</c> section at start; every message names the key at fault.</summary>
public sealed class SandboxOptionsValidator : IValidateOptions<SandboxOptions>
{
    public ValidateOptionsResult Validate(string? name, SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string S = SandboxOptions.SectionName;
        var failures = new List<string>();
        if (options.Port is < 0 or > 65535)
        {
            failures.Add($"{S}:Port must be between 0 (any free port) and 65535 (was {options.Port}).");
        }

        if (options.Nodes is < 0 or > 200)
        {
            failures.Add($"{S}:Nodes must be between 0 and 200 (was {options.Nodes}).");
        }

        if (!(options.ClockSpeed >= 0.001 && options.ClockSpeed <= 100000))
        {
            failures.Add($"{S}:ClockSpeed must be between 0.001 and 100000 (was {options.ClockSpeed}).");
        }

        if (options.SigningDuration < TimeSpan.FromMinutes(10))
        {
            failures.Add($"{S}:SigningDuration must be at least 00:10:00, the shortest certificate Kubernetes signs (was {options.SigningDuration}).");
        }

        if (!Enum.IsDefined(options.RbacProfile))
        {
            failures.Add($"{S}:RbacProfile must be one of {string.Join(", ", Enum.GetNames<SandboxRbacProfile>())}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

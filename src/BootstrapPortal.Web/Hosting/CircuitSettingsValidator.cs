using Microsoft.Extensions.Options;

namespace BootstrapPortal.Web.Hosting;

/// <summary>Checks the <c>Circuits</c> section at start; every message names the key at fault.</summary>
public sealed class CircuitSettingsValidator : IValidateOptions<CircuitSettings>
{
    public ValidateOptionsResult Validate(string? name, CircuitSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string section = CircuitSettings.SectionName;
        if (options.DisconnectedMaxRetained is < 0 or > 10_000)
        {
            failures.Add($"{section}:DisconnectedMaxRetained must be between 0 and 10000.");
        }

        if (options.DisconnectedRetentionPeriod < TimeSpan.Zero || options.DisconnectedRetentionPeriod > TimeSpan.FromHours(1))
        {
            failures.Add($"{section}:DisconnectedRetentionPeriod must be between 00:00:00 and 01:00:00.");
        }

        if (options.JSInteropDefaultCallTimeout < TimeSpan.FromSeconds(1) || options.JSInteropDefaultCallTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{section}:JSInteropDefaultCallTimeout must be between 00:00:01 and 00:10:00.");
        }

        if (options.MaxBufferedUnacknowledgedRenderBatches is < 1 or > 100)
        {
            failures.Add($"{section}:MaxBufferedUnacknowledgedRenderBatches must be between 1 and 100.");
        }

        if (options.MaximumReceiveMessageSize is < 4 * 1024 or > 16 * 1024 * 1024)
        {
            failures.Add($"{section}:MaximumReceiveMessageSize must be between 4096 and 16777216 bytes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

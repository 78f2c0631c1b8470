using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Kubeconfigs;

/// <summary>Checks the <c>Kubeconfigs</c> section at start; every message names the key at fault.</summary>
public sealed class KubeconfigOptionsValidator : IValidateOptions<KubeconfigOptions>
{
    public ValidateOptionsResult Validate(string? name, KubeconfigOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string S = KubeconfigOptions.SectionName;
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.ServerUrl) && ClusterInfo.ValidateServerUrl(options.ServerUrl) is { } reason)
        {
            failures.Add($"{S}:ServerUrl {reason} (was \"{options.ServerUrl}\").");
        }

        if (!string.IsNullOrWhiteSpace(options.CaFile))
        {
            if (!File.Exists(options.CaFile))
            {
                failures.Add($"{S}:CaFile \"{options.CaFile}\" does not exist.");
            }
            else if (ClusterInfo.ValidateCaPem(File.ReadAllText(options.CaFile)) is { } caReason)
            {
                failures.Add($"{S}:CaFile \"{options.CaFile}\": {caReason}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

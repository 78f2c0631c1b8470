using System.Globalization;
using System.Text.RegularExpressions;
using BootstrapPortal.Core.Csrs.Serving;
using BootstrapPortal.Core.Tokens;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Csrs;

/// <summary>Validates <see cref="CsrPolicyOptions"/> at start-up; every message names its configuration key.</summary>
public sealed partial class CsrPolicyOptionsValidator : IValidateOptions<CsrPolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, CsrPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var section = CsrPolicyOptions.SectionName;
        var errors = new List<string>();
        if (options.MaxRequestedLifetime < TimeSpan.FromMinutes(10))
        {
            errors.Add($"{section}:MaxRequestedLifetime must be at least 00:10:00 (Kubernetes' minimum expirationSeconds is 600).");
        }

        if (options.RejoinNotReadyAfter < TimeSpan.FromMinutes(1) || options.RejoinNotReadyAfter > TimeSpan.FromDays(30))
        {
            errors.Add($"{section}:RejoinNotReadyAfter must be between 00:01:00 and 30.00:00:00.");
        }

        if (options.BulkConcurrency is < 1 or > 32)
        {
            errors.Add($"{section}:BulkConcurrency must be between 1 and 32.");
        }

        if (string.IsNullOrWhiteSpace(options.PolicyActor))
        {
            errors.Add($"{section}:PolicyActor must not be empty.");
        }

        if (!string.IsNullOrEmpty(options.ServingPolicyNamespace) && !NamespacePattern().IsMatch(options.ServingPolicyNamespace))
        {
            errors.Add($"{section}:ServingPolicyNamespace must be a namespace name (an RFC 1123 label) or empty.");
        }

        if (DnsSubdomain.Validate(options.ServingPolicyConfigMap) is not null)
        {
            errors.Add($"{section}:ServingPolicyConfigMap must be a ConfigMap name (an RFC 1123 subdomain).");
        }

        foreach (var error in ServingPolicyValidator.Validate((options.Serving ?? new ServingPolicySettings()).ToPolicy()))
        {
            errors.Add($"{section}:Serving:{ConfigurationKey(error.Field)} {error.Message}");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary><c>allowedIpPrefixes[2]</c> → <c>AllowedIpPrefixes:2</c>.</summary>
    public static string ConfigurationKey(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var key = IndexPattern().Replace(field, ":$1");
        return key.Length == 0 ? key : char.ToUpper(key[0], CultureInfo.InvariantCulture) + key[1..];
    }

    [GeneratedRegex(@"\A[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamespacePattern();

    [GeneratedRegex(@"\[(\d+)\]")]
    private static partial Regex IndexPattern();
}

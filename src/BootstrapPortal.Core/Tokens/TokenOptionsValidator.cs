using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Tokens;

/// <summary>Checks the <c>Tokens</c> section at start; every message names the key at fault.</summary>
public sealed class TokenOptionsValidator : IValidateOptions<TokenOptions>
{
    public ValidateOptionsResult Validate(string? name, TokenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string S = TokenOptions.SectionName;
        var failures = new List<string>();
        if (options.MaxTtl <= TimeSpan.Zero)
        {
            failures.Add($"{S}:MaxTtl must be positive (was {options.MaxTtl}).");
        }

        if (options.DefaultTtl <= TimeSpan.Zero || options.DefaultTtl > options.MaxTtl)
        {
            failures.Add($"{S}:DefaultTtl must be positive and at most {S}:MaxTtl (was {options.DefaultTtl}, MaxTtl {options.MaxTtl}).");
        }

        if (options.ExpiringSoonThreshold < TimeSpan.Zero)
        {
            failures.Add($"{S}:ExpiringSoonThreshold must not be negative (was {options.ExpiringSoonThreshold}).");
        }

        foreach (var group in options.DefaultGroups)
        {
            if (group is null || !BootstrapTokenFormat.GroupPattern().IsMatch(group))
            {
                failures.Add($"{S}:DefaultGroups entry \"{group}\" must match {BootstrapTokenFormat.GroupPattern()}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

namespace BootstrapPortal.Core.Tokens;

/// <summary>
/// Validates a <see cref="CreateTokenRequest"/> against <see cref="TokenOptions"/> and fills in defaults. Throws
/// <see cref="TokenValidationException"/> naming the field (<c>ttl</c>, <c>description</c>, <c>groups</c>, <c>usages</c>,
/// <c>nodeName</c>, <c>oneTime</c>) at the first problem.
/// </summary>
public static class CreateTokenRequestValidator
{
    public const int MaxDescriptionLength = 1024;

    public static ValidatedTokenRequest Validate(CreateTokenRequest request, TokenOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);

        TimeSpan? ttl;
        if (request.NeverExpires)
        {
            if (!options.AllowNeverExpiring)
            {
                throw new TokenValidationException("ttl", "Tokens that never expire are not allowed here (an administrator can allow them with Tokens:AllowNeverExpiring).");
            }

            if (request.Ttl is not null)
            {
                throw new TokenValidationException("ttl", "A token cannot have a TTL and never expire.");
            }

            ttl = null;
        }
        else
        {
            ttl = request.Ttl ?? options.DefaultTtl;
            if (ttl < TimeSpan.FromSeconds(1))
            {
                throw new TokenValidationException("ttl", "The TTL must be at least one second.");
            }

            if (ttl > options.MaxTtl)
            {
                throw new TokenValidationException("ttl", $"The TTL must be at most {Durations.Format(options.MaxTtl)}.");
            }
        }

        var description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim();
        if (description is not null && description.Length > MaxDescriptionLength)
        {
            throw new TokenValidationException("description", $"The description must be at most {MaxDescriptionLength} characters.");
        }

        var groups = new List<string>();
        var groupIndex = 0;
        foreach (var group in request.Groups ?? options.EffectiveDefaultGroups)
        {
            if (group is null || !BootstrapTokenFormat.GroupPattern().IsMatch(group))
            {
                throw new TokenValidationException("groups",
                    $"Entry {groupIndex + 1} is invalid: extra groups must start with system:bootstrappers: and match {BootstrapTokenFormat.GroupPattern()}.");
            }

            groupIndex++;

            if (!groups.Contains(group, StringComparer.Ordinal))
            {
                groups.Add(group);
            }
        }

        var usages = new List<string>();
        var usageIndex = 0;
        foreach (var usage in request.Usages ?? BootstrapTokenUsages.Known)
        {
            if (usage is null || !BootstrapTokenUsages.Known.Contains(usage))
            {
                throw new TokenValidationException("usages",
                    $"Entry {usageIndex + 1} is not a known usage: valid usages are {string.Join(", ", BootstrapTokenUsages.Known)}.");
            }

            usageIndex++;

            if (!usages.Contains(usage, StringComparer.Ordinal))
            {
                usages.Add(usage);
            }
        }

        if (usages.Count == 0)
        {
            throw new TokenValidationException("usages", "A token needs at least one usage.");
        }

        string? nodeName = null;
        if (!string.IsNullOrEmpty(request.NodeName))
        {
            if (DnsSubdomain.Validate(request.NodeName) is { } reason)
            {
                throw new TokenValidationException("nodeName", $"The node name is invalid: {reason}.");
            }

            nodeName = request.NodeName;
        }

        if (request.OneTime && nodeName is null)
        {
            throw new TokenValidationException("oneTime", "A one-time token must name its node.");
        }

        return new ValidatedTokenRequest(ttl, description, groups, usages, nodeName, request.OneTime);
    }
}

using System.Globalization;
using BootstrapPortal.Core.Tokens;

namespace BootstrapPortal.Web.Components.Tokens;

/// <summary>The create-token form's fields, turned into a service request (validation happens in the service).</summary>
public sealed class CreateTokenModel
{
    public string? NodeName { get; set; }

    public bool OneTime { get; set; }

    public string? Description { get; set; }

    public string Ttl { get; set; } = "1.00:00:00";

    public bool Authentication { get; set; } = true;

    public bool Signing { get; set; } = true;

    public string? Groups { get; set; }

    /// <summary>The extra groups as typed (comma separated, trimmed).</summary>
    public IReadOnlyList<string> ParsedGroups => (Groups ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The usages ticked.</summary>
    public IReadOnlyList<string> ParsedUsages
    {
        get
        {
            var usages = new List<string>();
            if (Authentication)
            {
                usages.Add(BootstrapTokenUsages.Authentication);
            }

            if (Signing)
            {
                usages.Add(BootstrapTokenUsages.Signing);
            }

            return usages;
        }
    }

    public CreateTokenRequest ToRequest()
    {
        var node = string.IsNullOrWhiteSpace(NodeName) ? null : NodeName.Trim();
        return new CreateTokenRequest(
            Ttl: TimeSpan.Parse(Ttl, CultureInfo.InvariantCulture),
            Description: string.IsNullOrWhiteSpace(Description) ? null : Description.Trim(),
            Groups: ParsedGroups,
            Usages: ParsedUsages,
            NodeName: node,
            OneTime: OneTime && node is not null);
    }
}

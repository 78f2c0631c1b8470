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

    public CreateTokenRequest ToRequest()
    {
        var usages = new List<string>();
        if (Authentication)
        {
            usages.Add("authentication");
        }

        if (Signing)
        {
            usages.Add("signing");
        }

        var groups = (Groups ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var node = string.IsNullOrWhiteSpace(NodeName) ? null : NodeName.Trim();
        return new CreateTokenRequest(
            Ttl: TimeSpan.Parse(Ttl, CultureInfo.InvariantCulture),
            Description: string.IsNullOrWhiteSpace(Description) ? null : Description.Trim(),
            Groups: groups,
            Usages: usages,
            NodeName: node,
            OneTime: OneTime && node is not null);
    }
}

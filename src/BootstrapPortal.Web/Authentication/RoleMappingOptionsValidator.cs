using BootstrapPortal.Core.Access;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Web.Authentication;

/// <summary>Checks <c>Authorization:Roles</c> at start; with login configured at least one group must hold a role.</summary>
public sealed class RoleMappingOptionsValidator(IOptions<OpenIdConnectSettings> login) : IValidateOptions<RoleMappingOptions>
{
    public ValidateOptionsResult Validate(string? name, RoleMappingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string S = RoleMappingOptions.SectionName;
        var failures = new List<string>();
        foreach (var role in Enum.GetValues<PortalRole>())
        {
            var groups = options.GroupsFor(role);
            for (var i = 0; i < groups.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(groups[i]) || groups[i].Trim().Length != groups[i].Length || groups[i].Any(char.IsControl))
                {
                    failures.Add($"{S}:{role}:{i} must be a group name without surrounding spaces (was \"{groups[i]}\").");
                }
            }
        }

        if (login.Value.IsConfigured && Enum.GetValues<PortalRole>().All(r => options.GroupsFor(r).Count == 0))
        {
            failures.Add($"{S}: login is configured but no group holds a role, so nobody could use the portal; map groups under {S}:Admin, :Approver, :Viewer or :Provisioner.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

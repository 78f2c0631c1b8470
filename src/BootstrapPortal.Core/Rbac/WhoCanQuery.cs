using System.Text.RegularExpressions;

namespace BootstrapPortal.Core.Rbac;

/// <summary>
/// Parses a free-form who-can question (<c>verb</c>, <c>resource</c> as <c>name</c> or <c>name.group</c> like kubectl,
/// <c>subresource</c>, <c>name</c>, <c>namespace</c>). Total: bad input throws <see cref="RbacValidationException"/> naming
/// the field, never echoing it. A bare resource name the table does not know is taken from the core group, as
/// <c>kubectl auth can-i</c> does.
/// </summary>
public static partial class WhoCanQuery
{
    private static readonly Dictionary<string, string> KnownGroups = new(StringComparer.Ordinal)
    {
        ["certificatesigningrequests"] = "certificates.k8s.io",
        ["csr"] = "certificates.k8s.io",
        ["signers"] = "certificates.k8s.io",
        ["clusterroles"] = "rbac.authorization.k8s.io",
        ["clusterrolebindings"] = "rbac.authorization.k8s.io",
        ["roles"] = "rbac.authorization.k8s.io",
        ["rolebindings"] = "rbac.authorization.k8s.io",
        ["subjectaccessreviews"] = "authorization.k8s.io",
        ["selfsubjectaccessreviews"] = "authorization.k8s.io",
        ["localsubjectaccessreviews"] = "authorization.k8s.io",
        ["tokenreviews"] = "authentication.k8s.io",
        ["leases"] = "coordination.k8s.io",
        ["deployments"] = "apps",
        ["daemonsets"] = "apps",
        ["statefulsets"] = "apps",
    };

    public static RbacRequest Parse(string? verb, string? resource, string? subresource, string? name, string? @namespace)
    {
        if (string.IsNullOrWhiteSpace(verb) || verb.Length > 64 || !VerbPattern().IsMatch(verb))
        {
            throw new RbacValidationException("verb", "Give a verb: lowercase letters (e.g. create, approve, impersonate) or *.");
        }

        if (string.IsNullOrWhiteSpace(resource) || resource.Length > 253 || !ResourcePattern().IsMatch(resource))
        {
            throw new RbacValidationException("resource", "Give a resource as name or name.group (e.g. secrets, signers.certificates.k8s.io) or *.");
        }

        if (!string.IsNullOrEmpty(subresource) && (subresource.Length > 64 || !SubresourcePattern().IsMatch(subresource)))
        {
            throw new RbacValidationException("subresource", "A subresource is lowercase letters (e.g. approval, status, nodeclient).");
        }

        if (!string.IsNullOrEmpty(name) && (name.Length > 253 || name.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))))
        {
            throw new RbacValidationException("name", "A name is at most 253 characters without spaces or control characters.");
        }

        if (!string.IsNullOrEmpty(@namespace) && (@namespace.Length > 63 || !NamespacePattern().IsMatch(@namespace)))
        {
            throw new RbacValidationException("namespace", "A namespace is a DNS label: lowercase letters, digits and '-', at most 63 characters.");
        }

        var dot = resource.IndexOf('.', StringComparison.Ordinal);
        var (plural, group) = dot > 0 ? (resource[..dot], resource[(dot + 1)..]) : (resource, KnownGroups.GetValueOrDefault(resource, resource == "*" ? "*" : string.Empty));
        if (plural == "csr")
        {
            plural = BootstrapRequirements.CsrResource;
        }

        return RbacRequest.ForResource(string.Empty, [], verb, group, plural, subresource, name, @namespace);
    }

    [GeneratedRegex(@"\A(\*|[a-z]+)\z", RegexOptions.CultureInvariant)]
    private static partial Regex VerbPattern();

    [GeneratedRegex(@"\A(\*|[a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex ResourcePattern();

    [GeneratedRegex(@"\A(\*|[a-z]+)\z", RegexOptions.CultureInvariant)]
    private static partial Regex SubresourcePattern();

    [GeneratedRegex(@"\A[a-z0-9]([-a-z0-9]*[a-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamespacePattern();
}

using k8s.Models;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// The users and groups RBAC bindings name, each with the bindings that name it, so a verdict can warn when a request asks
/// for the name of a person or group the cluster grants roles to.
/// </summary>
public sealed class RbacSubjectNames
{
    private readonly Dictionary<string, List<string>> _users;
    private readonly Dictionary<string, List<string>> _groups;

    public RbacSubjectNames(IEnumerable<V1ClusterRoleBinding> clusterRoleBindings, IEnumerable<V1RoleBinding> roleBindings)
    {
        ArgumentNullException.ThrowIfNull(clusterRoleBindings);
        ArgumentNullException.ThrowIfNull(roleBindings);
        _users = new(StringComparer.Ordinal);
        _groups = new(StringComparer.Ordinal);
        foreach (var binding in clusterRoleBindings.Where(b => b is not null))
        {
            Add(binding.Subjects, $"ClusterRoleBinding {binding.Metadata?.Name}");
        }

        foreach (var binding in roleBindings.Where(b => b is not null))
        {
            Add(binding.Subjects, $"RoleBinding {binding.Metadata?.NamespaceProperty}/{binding.Metadata?.Name}");
        }
    }

    public static RbacSubjectNames Empty { get; } = new([], []);

    /// <summary>The bindings naming user <paramref name="name"/> (empty when none).</summary>
    public IReadOnlyList<string> BindingsOfUser(string? name) => name is not null && _users.TryGetValue(name, out var list) ? list : [];

    /// <summary>The bindings naming group <paramref name="name"/> (empty when none).</summary>
    public IReadOnlyList<string> BindingsOfGroup(string? name) => name is not null && _groups.TryGetValue(name, out var list) ? list : [];

    private void Add(IList<Rbacv1Subject>? subjects, string binding)
    {
        foreach (var subject in subjects ?? [])
        {
            var map = subject?.Kind switch
            {
                "User" => _users,
                "Group" => _groups,
                _ => null,
            };
            if (map is null || string.IsNullOrEmpty(subject!.Name))
            {
                continue;
            }

            if (!map.TryGetValue(subject.Name, out var list))
            {
                map[subject.Name] = list = [];
            }

            if (!list.Contains(binding, StringComparer.Ordinal))
            {
                list.Add(binding);
            }
        }
    }
}

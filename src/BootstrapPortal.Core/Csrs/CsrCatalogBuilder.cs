using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Csrs.Serving;
using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Core.Text;
using k8s;
using k8s.Models;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// Builds a <see cref="CsrCatalogSnapshot"/> from the cached objects, reusing what the previous snapshot already knows:
/// <list type="bullet">
/// <item>a CSR whose object version (uid and resourceVersion, or the same instance) is unchanged keeps its decoded view;</item>
/// <item>when only CSRs and Nodes changed, an entry keeps its verdict (the same <see cref="CsrEntry"/> instance) unless its own
/// object changed, or the Node or client-certificate history of its node name changed (<see cref="CsrVerdicts.NodeDependency"/>:
/// a verdict reads no other Node and no other CSR), or it depends on the clock and <see cref="CsrCatalog.ClockRecheck"/> has
/// passed since the last check;</item>
/// <item>a change of RBAC, the serving policy or the options judges every entry again (RBAC is compiled again only when an
/// RBAC object changed).</item>
/// </list>
/// The result equals a build from scratch at the same instant (tested against <see cref="CsrVerdicts.Evaluate"/>).
/// </summary>
internal static class CsrCatalogBuilder
{
    public static Built Build(Built? previous, Inputs inputs, DateTimeOffset now, long version, Func<V1CertificateSigningRequest, CsrView> viewOf)
    {
        var sameJudgement = previous is not null && previous.Inputs.SameJudgement(inputs);
        var clockDue = previous is not null && now - previous.ClockCheckedAt >= CsrCatalog.ClockRecheck;
        var dirty = new HashSet<string>(StringComparer.Ordinal);
        var byName = new Dictionary<string, Item>(inputs.Csrs.Count, StringComparer.Ordinal);
        var views = new List<CsrView>(inputs.Csrs.Count);
        foreach (var csr in inputs.Csrs)
        {
            var name = csr.Metadata?.Name ?? string.Empty;
            CsrView view;
            Item? before = null;
            if (previous is not null && previous.ByName.TryGetValue(name, out var found))
            {
                before = found;
            }

            if (before is not null && SameVersion(before.Object, csr))
            {
                view = before.Entry.View;
            }
            else
            {
                view = viewOf(csr);
                AddDependency(dirty, view);
                if (before is not null)
                {
                    AddDependency(dirty, before.Entry.View);
                }
            }

            if (byName.TryAdd(name, new Item(csr, new CsrEntry(view, Unjudged))))
            {
                views.Add(view);
            }
        }

        if (previous is not null)
        {
            foreach (var (name, item) in previous.ByName)
            {
                if (!byName.ContainsKey(name))
                {
                    AddDependency(dirty, item.Entry.View);
                }
            }
        }

        var context = Context(previous, inputs, now, views, sameJudgement, dirty);
        var entries = new CsrEntry[views.Count];
        var clockDependent = 0;
        for (var i = 0; i < views.Count; i++)
        {
            var view = views[i];
            var dependsOnClock = CsrVerdicts.DependsOnClock(view, context);
            clockDependent += dependsOnClock ? 1 : 0;
            CsrEntry? reuse = null;
            if (sameJudgement && previous!.ByName.TryGetValue(view.Name, out var before) && ReferenceEquals(before.Entry.View, view)
                && !(CsrVerdicts.NodeDependency(view) is { } node && dirty.Contains(node)) && !(clockDue && dependsOnClock))
            {
                reuse = before.Entry;
            }

            var entry = reuse ?? new CsrEntry(view, CsrVerdicts.Evaluate(view, context));
            entries[i] = entry;
            byName[view.Name] = byName[view.Name] with { Entry = entry };
        }

        // Newest first, ties by name (the list's default order and the one Entries promises).
        Array.Sort(entries, static (a, b) =>
        {
            var byCreated = Nullable.Compare(b.View.CreatedAt, a.View.CreatedAt);
            return byCreated != 0 ? byCreated : string.CompareOrdinal(a.Name, b.Name);
        });
        var checkedAt = previous is null || !sameJudgement || clockDue ? now : previous.ClockCheckedAt;
        return new Built(inputs, new CsrCatalogSnapshot(entries, context, now, version), byName, checkedAt, clockDependent);
    }

    /// <summary>The same object version: the same instance, or the same uid and non-empty resourceVersion (a relist reads new instances of unchanged objects).</summary>
    internal static bool SameVersion(IKubernetesObject<V1ObjectMeta>? before, IKubernetesObject<V1ObjectMeta>? after)
    {
        if (ReferenceEquals(before, after))
        {
            return true;
        }

        var a = before?.Metadata;
        var b = after?.Metadata;
        return a is not null && b is not null && !string.IsNullOrEmpty(a.ResourceVersion)
            && string.Equals(a.ResourceVersion, b.ResourceVersion, StringComparison.Ordinal)
            && string.Equals(a.Uid, b.Uid, StringComparison.Ordinal)
            && string.Equals(a.Name, b.Name, StringComparison.Ordinal);
    }

    private static readonly CsrVerdict Unjudged = new(CsrVerdictResult.Fail, [], new AutoApprovalPrediction(false, [], null, null, CommonText.Plain(string.Empty)));

    private static void AddDependency(HashSet<string> dirty, CsrView view)
    {
        if (CsrVerdicts.NodeDependency(view) is { } node)
        {
            dirty.Add(node);
        }
    }

    private static CsrVerdictContext Context(Built? previous, Inputs inputs, DateTimeOffset now, List<CsrView> views, bool sameJudgement,
        HashSet<string> dirty)
    {
        var before = previous?.Snapshot.Context;
        var history = before is not null && ReferenceEquals(previous!.Inputs.Csrs, inputs.Csrs) ? before.History : new ClientCertificateHistory(views);
        var nodesChanged = before is null || !ReferenceEquals(previous!.Inputs.Nodes, inputs.Nodes);
        if (before is not null && sameJudgement && !nodesChanged)
        {
            return before.With(now, history);
        }

        if (before is not null && nodesChanged)
        {
            var current = new HashSet<string>(StringComparer.Ordinal);
            foreach (var node in inputs.Nodes)
            {
                if (node?.Metadata?.Name is not { } name)
                {
                    continue;
                }

                current.Add(name);
                if (!SameVersion(before.FindNode(name), node))
                {
                    dirty.Add(name);
                }
            }

            dirty.UnionWith(before.NodeNames.Where(n => !current.Contains(n)));
        }

        var sameRbac = before is not null && previous!.Inputs.SameRbac(inputs);
        return new CsrVerdictContext(inputs.Nodes, sameRbac ? before!.Rbac : new RbacPolicy(inputs.ClusterRoles, inputs.ClusterRoleBindings, inputs.Roles, inputs.RoleBindings), now)
        {
            Subjects = sameRbac ? before!.Subjects : new RbacSubjectNames(inputs.ClusterRoleBindings, inputs.RoleBindings),
            History = history,
            MaxRequestedLifetime = inputs.Options.MaxRequestedLifetime,
            RejoinNotReadyAfter = inputs.Options.RejoinNotReadyAfter,
            Serving = inputs.Policy.Rules,
        };
    }

    /// <summary>A cached CSR object and its entry in a snapshot.</summary>
    internal sealed record Item(V1CertificateSigningRequest Object, CsrEntry Entry);

    /// <summary>A snapshot with what the next build reuses.</summary>
    internal sealed record Built(Inputs Inputs, CsrCatalogSnapshot Snapshot, IReadOnlyDictionary<string, Item> ByName, DateTimeOffset ClockCheckedAt, int ClockDependent)
    {
        /// <summary>Nothing changed, and no clock-dependent verdict is due.</summary>
        public bool IsCurrent(Inputs inputs, DateTimeOffset now, TimeSpan recheck) =>
            Inputs == inputs && (ClockDependent == 0 || now - ClockCheckedAt < recheck);
    }

    /// <summary>The inputs of a snapshot; each cache's items are one immutable instance per change, so reference equality tells a change.</summary>
    internal sealed record Inputs(
        IReadOnlyCollection<V1CertificateSigningRequest> Csrs,
        IReadOnlyCollection<V1Node> Nodes,
        IReadOnlyCollection<V1ClusterRole> ClusterRoles,
        IReadOnlyCollection<V1ClusterRoleBinding> ClusterRoleBindings,
        IReadOnlyCollection<V1Role> Roles,
        IReadOnlyCollection<V1RoleBinding> RoleBindings,
        ServingPolicySnapshot Policy,
        CsrPolicyOptions Options)
    {
        public static Inputs Of(ClusterCache cache, ServingPolicySnapshot policy, CsrPolicyOptions options) => new(
            cache.CertificateSigningRequests.Items, cache.Nodes.Items, cache.ClusterRoles.Items, cache.ClusterRoleBindings.Items,
            cache.Roles.Items, cache.RoleBindings.Items, policy, options);

        public bool SameRbac(Inputs other) =>
            ReferenceEquals(ClusterRoles, other.ClusterRoles) && ReferenceEquals(ClusterRoleBindings, other.ClusterRoleBindings)
            && ReferenceEquals(Roles, other.Roles) && ReferenceEquals(RoleBindings, other.RoleBindings);

        /// <summary>The same RBAC, policy and options: what every verdict is judged by besides its CSR and its Node.</summary>
        public bool SameJudgement(Inputs other) => SameRbac(other) && ReferenceEquals(Policy, other.Policy) && ReferenceEquals(Options, other.Options);

        public bool Equals(Inputs? other) =>
            other is not null && ReferenceEquals(Csrs, other.Csrs) && ReferenceEquals(Nodes, other.Nodes) && SameJudgement(other);

        public override int GetHashCode() => HashCode.Combine(Csrs, Nodes, Policy);
    }
}

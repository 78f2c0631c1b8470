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
/// <item>a Node update that only moved its status report (<see cref="NodeChange"/>: heartbeat times, bookkeeping) judges
/// again only that node's entries whose verdict reads the heartbeat (<see cref="CsrVerdicts.DependsOnClock"/>);</item>
/// <item>when only Nodes moved (or only the clock), nothing is decoded or walked: the entries of the moved nodes are judged
/// again through a node → entries index, and when no verdict changed the snapshot shares the previous one's entries, index,
/// orders and facets (<see cref="CsrCatalogSnapshot.WithContext"/>) with a context over the current Nodes. The cost is a pass
/// over the Nodes, never a sort of the CSRs;</item>
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
        if (sameJudgement && ReferenceEquals(previous!.Inputs.Csrs, inputs.Csrs))
        {
            return Rejudge(previous, inputs, now, version, clockDue);
        }

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

        var (context, reported) = Context(previous, inputs, now, views, sameJudgement, dirty);
        var entries = new CsrEntry[views.Count];
        var clockDependent = new List<string>();
        var byNode = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var judged = 0;
        for (var i = 0; i < views.Count; i++)
        {
            var view = views[i];
            var dependsOnClock = CsrVerdicts.DependsOnClock(view, context);
            if (dependsOnClock)
            {
                clockDependent.Add(view.Name);
            }

            var node = CsrVerdicts.NodeDependency(view);
            if (node is not null)
            {
                (byNode.TryGetValue(node, out var names) ? names : byNode[node] = []).Add(view.Name);
            }

            CsrEntry? reuse = null;
            if (sameJudgement && previous!.ByName.TryGetValue(view.Name, out var before) && ReferenceEquals(before.Entry.View, view)
                && !(node is not null && (dirty.Contains(node) || (dependsOnClock && reported.Contains(node)))) && !(clockDue && dependsOnClock))
            {
                reuse = before.Entry;
            }

            CsrEntry entry;
            if (reuse is not null)
            {
                entry = reuse;
            }
            else
            {
                entry = new CsrEntry(view, CsrVerdicts.Evaluate(view, context));
                judged++;
            }

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
        return new Built(inputs, new CsrCatalogSnapshot(entries, context, now, version), byName, byNode, checkedAt, clockDependent, true, judged);
    }

    /// <summary>
    /// Only Nodes (or only the clock) moved: judge again the entries of the nodes whose content changed, those of the nodes
    /// that reported whose verdict reads the heartbeat, and, when the recheck is due, every clock-dependent one. Shares the
    /// previous snapshot's entries when no verdict changed.
    /// </summary>
    private static Built Rejudge(Built previous, Inputs inputs, DateTimeOffset now, long version, bool clockDue)
    {
        var before = previous.Snapshot.Context;
        var nodesMoved = !ReferenceEquals(previous.Inputs.Nodes, inputs.Nodes);
        var update = nodesMoved ? CsrNodeUpdate.Between(before, inputs.Nodes) : null;
        var context = update is null ? before.With(now, before.History) : new CsrVerdictContext(before, update, now);
        var candidates = new HashSet<string>(StringComparer.Ordinal);
        if (update is not null)
        {
            foreach (var node in update.Content)
            {
                candidates.UnionWith(previous.NamesOf(node));
            }

            foreach (var node in update.Reported)
            {
                foreach (var name in previous.NamesOf(node))
                {
                    if (CsrVerdicts.DependsOnClock(previous.ByName[name].Entry.View, context))
                    {
                        candidates.Add(name);
                    }
                }
            }
        }

        if (clockDue)
        {
            candidates.UnionWith(previous.ClockDependent);
        }

        var replaced = new Dictionary<string, CsrEntry>(StringComparer.Ordinal);
        foreach (var name in candidates)
        {
            var entry = previous.ByName[name].Entry;
            var verdict = CsrVerdicts.Evaluate(entry.View, context);
            if (!SameVerdict(entry.Verdict, verdict))
            {
                replaced[name] = new CsrEntry(entry.View, verdict);
            }
        }

        // A Node that appeared or went away changes which entries depend on the clock (a re-join needs a registered Node).
        IReadOnlyList<string> clockDependent = previous.ClockDependent;
        if (update is not null && update.Content.Count > 0)
        {
            var moved = update.Content;
            var kept = previous.ClockDependent.Where(n => CsrVerdicts.NodeDependency(previous.ByName[n].Entry.View) is not { } node || !moved.Contains(node));
            var added = moved.SelectMany(previous.NamesOf).Where(n => CsrVerdicts.DependsOnClock(previous.ByName[n].Entry.View, context));
            clockDependent = [.. kept.Concat(added).Distinct(StringComparer.Ordinal)];
        }

        var checkedAt = clockDue ? now : previous.ClockCheckedAt;
        if (replaced.Count == 0)
        {
            return new Built(inputs, previous.Snapshot.WithContext(context, now, version), previous.ByName, previous.ByNode, checkedAt, clockDependent, false,
                candidates.Count);
        }

        // A verdict changed: the order of the entries (newest first) did not, so no sort; the snapshot indexes them again.
        var entries = new CsrEntry[previous.Snapshot.Entries.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = previous.Snapshot.Entries[i];
            entries[i] = replaced.TryGetValue(entry.Name, out var rejudged) ? rejudged : entry;
        }

        var byName = new Dictionary<string, Item>(previous.ByName, StringComparer.Ordinal);
        foreach (var (name, entry) in replaced)
        {
            byName[name] = byName[name] with { Entry = entry };
        }

        return new Built(inputs, new CsrCatalogSnapshot(entries, context, now, version), byName, previous.ByNode, checkedAt, clockDependent, true,
            candidates.Count);
    }

    /// <summary>
    /// The same verdict as far as a reader can tell: result, checks (with their wording), decision and the auto-approval
    /// prediction. A pending request's <see cref="CsrVerdict.AsOf"/> is when it was judged and does not count.
    /// </summary>
    internal static bool SameVerdict(CsrVerdict a, CsrVerdict b) =>
        a.Result == b.Result && a.Decided == b.Decided && (!a.Decided || a.AsOf == b.AsOf) && a.Checks.SequenceEqual(b.Checks)
        && a.AutoApproval.WouldAutoApprove == b.AutoApproval.WouldAutoApprove
        && a.AutoApproval.RecognizedAs.SequenceEqual(b.AutoApproval.RecognizedAs, StringComparer.Ordinal)
        && string.Equals(a.AutoApproval.ApprovedBy, b.AutoApproval.ApprovedBy, StringComparison.Ordinal)
        && string.Equals(a.AutoApproval.RbacReason, b.AutoApproval.RbacReason, StringComparison.Ordinal)
        && a.AutoApproval.Text.Equals(b.AutoApproval.Text);

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

    private static (CsrVerdictContext Context, IReadOnlySet<string> Reported) Context(Built? previous, Inputs inputs, DateTimeOffset now,
        List<CsrView> views, bool sameJudgement, HashSet<string> dirty)
    {
        var before = previous?.Snapshot.Context;
        var history = before is not null && ReferenceEquals(previous!.Inputs.Csrs, inputs.Csrs) ? before.History : new ClientCertificateHistory(views);
        var nodesChanged = before is null || !ReferenceEquals(previous!.Inputs.Nodes, inputs.Nodes);
        if (before is not null && sameJudgement && !nodesChanged)
        {
            return (before.With(now, history), NoNames);
        }

        var nodes = CsrNodeUpdate.Between(before, inputs.Nodes);
        dirty.UnionWith(nodes.Content);
        var sameRbac = before is not null && previous!.Inputs.SameRbac(inputs);
        var basis = new CsrVerdictContext([], sameRbac ? before!.Rbac : new RbacPolicy(inputs.ClusterRoles, inputs.ClusterRoleBindings, inputs.Roles, inputs.RoleBindings), now)
        {
            Subjects = sameRbac ? before!.Subjects : new RbacSubjectNames(inputs.ClusterRoleBindings, inputs.RoleBindings),
            History = history,
            MaxRequestedLifetime = inputs.Options.MaxRequestedLifetime,
            RejoinNotReadyAfter = inputs.Options.RejoinNotReadyAfter,
            Serving = inputs.Policy.Rules,
        };
        return (new CsrVerdictContext(basis, nodes, now), nodes.Reported);
    }

    private static readonly HashSet<string> NoNames = new(StringComparer.Ordinal);

    /// <summary>A cached CSR object and its entry in a snapshot.</summary>
    internal sealed record Item(V1CertificateSigningRequest Object, CsrEntry Entry);

    /// <summary>A snapshot with what the next build reuses.</summary>
    /// <param name="ByNode">The names of the entries whose verdict reads each node name (<see cref="CsrVerdicts.NodeDependency"/>).</param>
    /// <param name="ClockDependent">The names of the entries whose verdict depends on the clock (<see cref="CsrVerdicts.DependsOnClock"/>).</param>
    /// <param name="NewEntries">Whether the snapshot has entries of its own (false: it shares the previous one's).</param>
    /// <param name="Judged">How many verdicts this build judged.</param>
    internal sealed record Built(Inputs Inputs, CsrCatalogSnapshot Snapshot, IReadOnlyDictionary<string, Item> ByName,
        IReadOnlyDictionary<string, List<string>> ByNode, DateTimeOffset ClockCheckedAt, IReadOnlyList<string> ClockDependent, bool NewEntries, int Judged)
    {
        /// <summary>Nothing changed, and no clock-dependent verdict is due.</summary>
        public bool IsCurrent(Inputs inputs, DateTimeOffset now, TimeSpan recheck) =>
            Inputs == inputs && (ClockDependent.Count == 0 || now - ClockCheckedAt < recheck);

        /// <summary>
        /// What differs from <paramref name="inputs"/> is only the Nodes or the clock: a reader may take this snapshot while
        /// another thread builds the next one (a CSR, RBAC, policy or options change must be waited for).
        /// </summary>
        public bool DiffersOnlyByNodes(Inputs inputs) => ReferenceEquals(Inputs.Csrs, inputs.Csrs) && Inputs.SameJudgement(inputs);

        public IReadOnlyList<string> NamesOf(string node) => ByNode.TryGetValue(node, out var names) ? names : [];
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

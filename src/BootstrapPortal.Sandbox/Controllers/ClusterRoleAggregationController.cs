using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Sandbox.Controllers;

/// <summary>
/// kube-controller-manager's clusterrole-aggregation controller
/// (k/k pkg/controller/clusterroleaggregation/clusterroleaggregation_controller.go): a ClusterRole with an <c>aggregationRule</c>
/// gets, in order of the matching roles' names, every distinct rule of the ClusterRoles its selectors match (itself excluded),
/// and is rewritten whenever that set changes. Upstream applies the rules with server-side apply and falls back to an update
/// when the server refuses apply (415); the sandbox does not serve apply, so this controller updates.
/// </summary>
public sealed class ClusterRoleAggregationController : QueueController
{
    private readonly IKubernetes _client;
    private readonly ControllerInformer<V1ClusterRole> _roles;

    public ClusterRoleAggregationController(SandboxControllerContext context)
        : base("clusterrole-aggregation", context?.LoggerFactory.CreateLogger<ClusterRoleAggregationController>()!, context!.Clock.TimeProvider)
    {
        _client = Own(context.CreateClient(ControllerIdentity.ClusterRoleAggregation));
        _roles = Informers.ClusterRoleInformer(_client, _ => EnqueueAggregated(), Logger, TimeProvider);
    }

    protected override IEnumerable<Func<CancellationToken, Task>> CreateRunners() => [_roles.RunAsync];

    /// <summary>The rules an aggregated role should carry, given all ClusterRoles (upstream's order and de-duplication).</summary>
    public static List<V1PolicyRule> AggregatedRules(V1ClusterRole aggregated, IEnumerable<V1ClusterRole> all)
    {
        ArgumentNullException.ThrowIfNull(aggregated);
        ArgumentNullException.ThrowIfNull(all);
        var selectors = aggregated.AggregationRule?.ClusterRoleSelectors ?? [];
        var matching = all.Where(r => r.Metadata?.Name != aggregated.Metadata?.Name && selectors.Any(s => Matches(s, r.Metadata?.Labels)))
            .OrderBy(r => r.Metadata.Name, StringComparer.Ordinal);
        var rules = new List<V1PolicyRule>();
        foreach (var rule in matching.SelectMany(r => r.Rules ?? []))
        {
            if (!rules.Any(existing => Same(existing, rule)))
            {
                rules.Add(rule);
            }
        }

        return rules;
    }

    protected override async Task<TimeSpan?> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var role = _roles.Get(key);
        if (role?.AggregationRule is null)
        {
            return null;
        }

        var rules = AggregatedRules(role, _roles.Items);
        var current = role.Rules ?? [];
        if (current.Count == rules.Count && current.Zip(rules).All(p => Same(p.First, p.Second)))
        {
            return null;
        }

        var updated = KubernetesObjects.Clone(role);
        updated.Rules = rules;
        try
        {
            await _client.RbacAuthorizationV1.ReplaceClusterRoleAsync(updated, role.Metadata.Name, cancellationToken: cancellationToken);
            Logger.LogInformation("clusterrole-aggregation: {Role} now carries {Count} rules", key, rules.Count);
        }
        catch (HttpOperationException ex) when (ex.IsStatus(HttpStatusCode.Conflict))
        {
            return TimeSpan.FromMilliseconds(100);
        }
        catch (HttpOperationException ex) when (ex.IsStatus(HttpStatusCode.NotFound))
        {
            return null;
        }

        return null;
    }

    private void EnqueueAggregated()
    {
        foreach (var role in _roles.Items.Where(r => r.AggregationRule is not null))
        {
            Queue.Add(KubernetesObjects.Key(role.Metadata));
        }
    }

    private static bool Matches(V1LabelSelector selector, IDictionary<string, string>? labels)
    {
        labels ??= new Dictionary<string, string>();
        if (selector.MatchLabels?.Any(kv => !labels.TryGetValue(kv.Key, out var v) || v != kv.Value) == true)
        {
            return false;
        }

        foreach (var expression in selector.MatchExpressions ?? [])
        {
            var has = labels.TryGetValue(expression.Key, out var value);
            var ok = expression.OperatorProperty switch
            {
                "In" => has && expression.Values?.Contains(value!) == true,
                "NotIn" => !has || expression.Values?.Contains(value!) != true,
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        // An empty selector matches everything (metav1.LabelSelectorAsSelector).
        return true;
    }

    private static bool Same(V1PolicyRule a, V1PolicyRule b) =>
        Equal(a.Verbs, b.Verbs) && Equal(a.ApiGroups, b.ApiGroups) && Equal(a.Resources, b.Resources) && Equal(a.ResourceNames, b.ResourceNames)
        && Equal(a.NonResourceURLs, b.NonResourceURLs);

    private static bool Equal(IList<string>? a, IList<string>? b) => (a ?? []).SequenceEqual(b ?? [], StringComparer.Ordinal);
}

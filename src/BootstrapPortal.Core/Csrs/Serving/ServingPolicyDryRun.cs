using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Certificates;

namespace BootstrapPortal.Core.Csrs.Serving;

/// <summary>
/// What a serving policy — the one in force, or a draft — would do to every pending serving CSR right now, with each reason,
/// without writing anything (whether or not the policy is enabled). DNS lookups, when the policy asks for them, run a few at a time.
/// </summary>
public sealed class ServingPolicyDryRun
{
    private const int Concurrency = 8;
    private readonly CsrCatalog _catalog;
    private readonly IServingPolicyStore _store;
    private readonly ServingPolicyEvaluator _evaluator;

    public ServingPolicyDryRun(CsrCatalog catalog, IServingPolicyStore store, ServingPolicyEvaluator evaluator)
    {
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _evaluator = evaluator ?? throw new ArgumentNullException(nameof(evaluator));
    }

    /// <summary>Runs <paramref name="draft"/> (null: the policy in force); throws <see cref="ServingPolicyValidationException"/> for an invalid draft.</summary>
    public async Task<IReadOnlyList<ServingPolicyOutcome>> RunAsync(ServingPolicy? draft, PortalActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.Demand(PortalPermission.ReadCluster);
        ServingPolicyRules rules;
        if (draft is null)
        {
            rules = _store.Current.Rules;
        }
        else
        {
            var errors = ServingPolicyValidator.Validate(draft);
            if (errors.Count > 0)
            {
                throw new ServingPolicyValidationException(errors);
            }

            rules = ServingPolicyRules.Compile(draft);
        }

        var context = _catalog.CreateVerdictContext().WithServing(rules);
        var pending = _catalog.List(new CsrQuery(State: CsrState.Pending, SignerName: KubernetesSignerNames.KubeletServing));
        var outcomes = new ServingPolicyOutcome[pending.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, pending.Count), parallel, async (index, token) =>
        {
            var view = pending[index].View;
            outcomes[index] = await _evaluator.DecideAsync(view, CsrVerdicts.Evaluate(view, context), rules, token);
        });
        return outcomes;
    }
}

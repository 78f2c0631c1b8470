using System.Globalization;
using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Csrs.Serving;

namespace BootstrapPortal.Tests.Shared;

/// <summary>
/// A serving policy store held in memory for tests that do not exercise the policy's storage: the same contract as the ConfigMap store (permission,
/// validation, resourceVersion-conditional saves); the ConfigMap store itself is tested against the sandbox in Core.Tests.
/// </summary>
public sealed class InMemoryServingPolicyStore(ServingPolicy initial, bool synced = true, string? readError = null) : IServingPolicyStore
{
    private int _version = 1;

    public event Action? Changed;

    public ServingPolicySnapshot Current { get; private set; } = Snapshot(initial, "1");

    public bool IsSynced { get; } = synced;

    public CacheStatus Status { get; } = new("serving policy configmap", synced ? CacheState.Synced : CacheState.Starting, 0, null, null, readError, 0, 0);

    public int Saves { get; private set; }

    public Task<ServingPolicySnapshot> SaveAsync(ServingPolicy policy, string? expectedResourceVersion, PortalActor actor, CancellationToken cancellationToken)
    {
        actor.Demand(PortalPermission.ManagePolicy);
        var errors = ServingPolicyValidator.Validate(policy);
        if (errors.Count > 0)
        {
            throw new ServingPolicyValidationException(errors);
        }

        if (expectedResourceVersion != Current.ResourceVersion)
        {
            throw new ServingPolicyConflictException("changed meanwhile", Current.ResourceVersion);
        }

        Current = Snapshot(policy, (++_version).ToString(CultureInfo.InvariantCulture)) with { UpdatedBy = actor.Name };
        Saves++;
        Changed?.Invoke();
        return Task.FromResult(Current);
    }

    /// <summary>Someone else saved (another replica or Admin).</summary>
    public void SavedElsewhere(ServingPolicy policy)
    {
        Current = Snapshot(policy, (++_version).ToString(CultureInfo.InvariantCulture)) with { UpdatedBy = "someone-else" };
        Changed?.Invoke();
    }

    private static ServingPolicySnapshot Snapshot(ServingPolicy policy, string version) =>
        new(ServingPolicyRules.Compile(policy), ServingPolicySource.ConfigMap, "kube-system/bootstrapportal-serving-policy", version, null, null, null);
}

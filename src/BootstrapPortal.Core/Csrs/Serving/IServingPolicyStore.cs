using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Cache;

namespace BootstrapPortal.Core.Csrs.Serving;

/// <summary>The shared serving policy: read from a watched ConfigMap (so every replica sees an edit at once), saved conditionally.</summary>
public interface IServingPolicyStore
{
    /// <summary>The policy in force now (the configuration's until the ConfigMap has been read or when none exists).</summary>
    ServingPolicySnapshot Current { get; }

    /// <summary>True once the ConfigMap has been listed and is watched.</summary>
    bool IsSynced { get; }

    /// <summary>The state of the ConfigMap watch, with the last error (e.g. the portal may not read ConfigMaps there).</summary>
    CacheStatus Status { get; }

    /// <summary>Raised after <see cref="Current"/> changed. Handlers must be quick and must not throw.</summary>
    event Action? Changed;

    /// <summary>
    /// Saves <paramref name="policy"/> (needs <see cref="PortalPermission.ManagePolicy"/>) if the stored one still has
    /// <paramref name="expectedResourceVersion"/> (null or empty: none may exist yet). Throws
    /// <see cref="ServingPolicyValidationException"/> for an invalid policy and <see cref="ServingPolicyConflictException"/>
    /// when someone saved meanwhile. Records <c>policy.change</c> in the audit trail.
    /// </summary>
    Task<ServingPolicySnapshot> SaveAsync(ServingPolicy policy, string? expectedResourceVersion, PortalActor actor, CancellationToken cancellationToken);
}

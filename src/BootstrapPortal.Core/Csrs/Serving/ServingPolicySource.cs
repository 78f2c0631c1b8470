namespace BootstrapPortal.Core.Csrs.Serving;

/// <summary>Where the serving policy in force comes from.</summary>
public enum ServingPolicySource
{
    /// <summary>No policy has been saved yet: the <c>CsrPolicy:Serving</c> configuration section applies.</summary>
    Configuration,

    /// <summary>The ConfigMap an Admin saved (shared by every replica).</summary>
    ConfigMap,
}

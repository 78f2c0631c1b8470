namespace BootstrapPortal.Core.Ledger;

/// <summary>A node's certificate rotation health, worst reason first.</summary>
public enum RotationStatus
{
    Healthy,

    /// <summary>Something to look at that does not (yet) break the node.</summary>
    Warning,

    /// <summary>The node's certificates are, or are about to be, unusable.</summary>
    Unhealthy,
}

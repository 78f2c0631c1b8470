namespace BootstrapPortal.Sandbox.Fleet;

/// <summary>What a fleet node does while the sandbox runs.</summary>
public enum FleetNodeRole
{
    /// <summary>Heartbeats only: its client certificate is not due during the run (or renews when it comes due).</summary>
    Steady,

    /// <summary>Its client certificate comes due within the renewal window and is renewed through csrapproving and csrsigning.</summary>
    Renewing,

    /// <summary>Its renewal request carries a DNS name, which csrapproving does not recognise: it stays pending, a new one every 15 minutes.</summary>
    Stuck,
}

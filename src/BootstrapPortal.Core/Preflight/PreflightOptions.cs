namespace BootstrapPortal.Core.Preflight;

/// <summary>Preflight settings (configuration section <c>Preflight</c>).</summary>
public sealed class PreflightOptions
{
    public const string SectionName = "Preflight";

    /// <summary>How long a preflight result is reused before a read runs the checks again (each run creates and deletes a probe token).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long the bootstrap-token probe waits for the API server to authenticate it (its informer may lag the write).</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A CSR approved (or pending though auto-approvable) for longer than this shows that a controller is not doing its work.</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How far back issued certificates and auto-approvals count as evidence that signing and approving work.</summary>
    public TimeSpan RecentWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>A cluster CA expiring within this window is a warning.</summary>
    public TimeSpan CaExpiryWarning { get; set; } = TimeSpan.FromDays(30);
}

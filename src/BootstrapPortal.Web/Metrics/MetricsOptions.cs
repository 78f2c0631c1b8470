namespace BootstrapPortal.Web.Metrics;

/// <summary>The Prometheus endpoint (configuration section <c>Metrics</c>).</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>
    /// Serve Prometheus text at <see cref="Path"/>. Metrics name nodes, token ids and certificate serials, never secrets; like
    /// every page, they are served to loopback only until login is configured.
    /// </summary>
    public bool Enabled { get; set; } = true;

    public string Path { get; set; } = "/metrics";
}

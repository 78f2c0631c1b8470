namespace BootstrapPortal.Core.Csrs;

/// <summary>The cluster CA certificate(s) as PEM, used to tell whether issued certificates chain to the cluster CA.</summary>
public interface IClusterCaSource
{
    /// <summary>The CA PEM, or null when the portal does not know the cluster CA (e.g. TLS verification is skipped).</summary>
    string? GetCaPem();
}

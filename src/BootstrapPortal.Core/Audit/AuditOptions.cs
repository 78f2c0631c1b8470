namespace BootstrapPortal.Core.Audit;

/// <summary>Configuration section <c>Audit</c>.</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Audit";

    /// <summary>Whether each change is also written as a Kubernetes Event on the object it touched.</summary>
    public bool KubernetesEvents { get; set; } = true;

    /// <summary>Kubernetes Events waiting to be written; when full, new ones are dropped (and logged) rather than slowing the caller.</summary>
    public int EventQueueCapacity { get; set; } = 1000;
}

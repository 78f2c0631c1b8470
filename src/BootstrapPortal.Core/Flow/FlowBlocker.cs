using BootstrapPortal.Core.Text;

namespace BootstrapPortal.Core.Flow;

/// <summary>
/// What keeps a node from moving on, in one sentence. <see cref="FlowBlockerSeverity.Blocked"/> means the flow is broken
/// there; <see cref="FlowBlockerSeverity.Attention"/> means a person has to act for it to go on (e.g. a kubelet-serving CSR,
/// which nothing in Kubernetes approves by default).
/// </summary>
public sealed record FlowBlocker(FlowBlockerSeverity Severity, PortalText Text, string? CsrName = null)
{
    /// <summary>The English sentence.</summary>
    public string Sentence => Text.ToString();
}

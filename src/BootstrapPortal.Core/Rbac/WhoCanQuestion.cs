using BootstrapPortal.Core.Text;

namespace BootstrapPortal.Core.Rbac;

/// <summary>
/// A who-can question the audit asks on its own: each part may be met by any of its requests, and a subject must meet every
/// part (see <see cref="RbacWhoCan.EvaluateAll"/>).
/// </summary>
/// <param name="Id">Stable id, e.g. <c>approve:kubernetes.io/kube-apiserver-client-kubelet</c>.</param>
/// <param name="TitleText">The question for people.</param>
/// <param name="WhyText">Why it matters for node identities.</param>
/// <param name="AllOf">The parts.</param>
public sealed record WhoCanQuestion(string Id, PortalText TitleText, PortalText WhyText, IReadOnlyList<IReadOnlyList<RbacRequest>> AllOf)
{
    /// <summary>The question in English.</summary>
    public string Title => TitleText.ToString();

    /// <summary>Why it matters, in English.</summary>
    public string Why => WhyText.ToString();
}

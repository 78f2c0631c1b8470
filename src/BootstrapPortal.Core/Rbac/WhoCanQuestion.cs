namespace BootstrapPortal.Core.Rbac;

/// <summary>
/// A who-can question the audit asks on its own: each part may be met by any of its requests, and a subject must meet every
/// part (see <see cref="RbacWhoCan.EvaluateAll"/>).
/// </summary>
/// <param name="Id">Stable id, e.g. <c>approve:kubernetes.io/kube-apiserver-client-kubelet</c>.</param>
/// <param name="Title">The question for people.</param>
/// <param name="Why">Why it matters for node identities.</param>
/// <param name="AllOf">The parts.</param>
public sealed record WhoCanQuestion(string Id, string Title, string Why, IReadOnlyList<IReadOnlyList<RbacRequest>> AllOf);

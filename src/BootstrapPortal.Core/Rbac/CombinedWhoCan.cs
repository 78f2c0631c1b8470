namespace BootstrapPortal.Core.Rbac;

/// <summary>The answer to a question that needs several permissions at once (see <see cref="RbacWhoCan.EvaluateAll"/>).</summary>
/// <param name="Complete">Subjects that hold every part themselves.</param>
/// <param name="Partial">Subjects that hold some parts only.</param>
public sealed record CombinedWhoCan(IReadOnlyList<WhoCanSubject> Complete, IReadOnlyList<WhoCanSubject> Partial);

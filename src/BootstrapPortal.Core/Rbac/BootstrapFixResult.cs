namespace BootstrapPortal.Core.Rbac;

/// <summary>The bindings of a fix with their outcome, and the YAML of the planned bindings.</summary>
public sealed record BootstrapFixResult(IReadOnlyList<FixBindingResult> Bindings, string Yaml)
{
    /// <summary>True when every binding was created or already existed.</summary>
    public bool Succeeded => Bindings.All(b => b.Outcome is FixOutcome.Created or FixOutcome.AlreadyExists or FixOutcome.Planned);
}

namespace BootstrapPortal.Core.Audit;

/// <summary>The values on record that filters can offer.</summary>
public sealed record AuditFacets(IReadOnlyList<string> Actors, IReadOnlyList<string> Actions);

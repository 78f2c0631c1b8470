namespace BootstrapPortal.Core.Audit;

/// <summary>One page of audit entries, newest first, and how many entries match the query in all.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, int Total);

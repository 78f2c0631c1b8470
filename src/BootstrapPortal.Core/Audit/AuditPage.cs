namespace BootstrapPortal.Core.Audit;

/// <summary>One page of audit records (newest first) and how many records match the filters in all.</summary>
public sealed record AuditPage(IReadOnlyList<AuditRecord> Items, int TotalCount);

namespace BootstrapPortal.Core.Ledger;

/// <summary>A recorded decision: Approved or Denied, the condition's reason, who decided (if known) and when.</summary>
public sealed record DecisionInfo(LedgerDecision Type, string? Reason, string? Message, string? By, DecisionSource Source, DateTimeOffset? At)
{
    internal static DecisionInfo? From(CsrRecord? r) =>
        r?.Decision is { } type
            ? new DecisionInfo(type, r.DecisionReason, r.DecisionMessage, r.DecidedBy, r.DecisionSource ?? DecisionSource.Unknown, Instant(r.DecidedAt))
            : null;

    internal static DateTimeOffset? Instant(DateTime? value) =>
        value is null ? null : new DateTimeOffset(DateTime.SpecifyKind(value.Value, DateTimeKind.Utc));
}

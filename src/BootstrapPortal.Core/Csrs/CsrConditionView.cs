using k8s.Models;

namespace BootstrapPortal.Core.Csrs;

/// <summary>One <c>status.conditions</c> entry of a CSR, as shown to a person.</summary>
public sealed record CsrConditionView(
    string Type,
    string Status,
    string? Reason,
    string? Message,
    DateTimeOffset? LastUpdateTime,
    DateTimeOffset? LastTransitionTime)
{
    public static CsrConditionView From(V1CertificateSigningRequestCondition condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return new(
            condition.Type ?? string.Empty,
            condition.Status ?? string.Empty,
            condition.Reason,
            condition.Message,
            condition.LastUpdateTime is { } u ? new DateTimeOffset(DateTime.SpecifyKind(u, DateTimeKind.Utc)) : null,
            condition.LastTransitionTime is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null);
    }
}

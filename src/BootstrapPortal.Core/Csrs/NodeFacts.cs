using BootstrapPortal.Core.Text;
using k8s.Models;

namespace BootstrapPortal.Core.Csrs;

/// <summary>What a verdict reads from a Node: when it was registered and whether its kubelet reports (the Ready condition).</summary>
public sealed record NodeFacts(
    string Name,
    DateTimeOffset? CreatedAt,
    string? ReadyStatus,
    DateTimeOffset? LastHeartbeat,
    DateTimeOffset? ReadySince)
{
    public static NodeFacts From(V1Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var ready = node.Status?.Conditions?.FirstOrDefault(c => c?.Type == "Ready");
        return new NodeFacts(
            node.Metadata?.Name ?? string.Empty,
            Utc(node.Metadata?.CreationTimestamp),
            ready?.Status,
            Utc(ready?.LastHeartbeatTime),
            Utc(ready?.LastTransitionTime));
    }

    /// <summary>
    /// Whether the kubelet had stopped reporting at <paramref name="at"/> for at least <paramref name="after"/>: Ready not True
    /// since then, or Ready True but no heartbeat since then (nothing marked it NotReady). For a past instant
    /// (<paramref name="historical"/>) only what the current condition still shows counts: a node that turned Ready only after
    /// <paramref name="at"/> was not Ready at <paramref name="at"/>; one Ready since before it was reporting.
    /// </summary>
    public (bool Stopped, PortalText Description) Reporting(DateTimeOffset at, TimeSpan after, bool historical)
    {
        var since = ReadySince ?? CreatedAt;
        if (ReadyStatus is null)
        {
            var silentFor = CreatedAt is { } created ? at - created : TimeSpan.MaxValue;
            return silentFor >= after
                ? (true, CreatedAt is null ? VerdictText.NeverReported.Text : VerdictText.NeverReportedSince.With(TextDuration.Rough(silentFor)))
                : (false, VerdictText.JustRegistered.Text);
        }

        if (!string.Equals(ReadyStatus, "True", StringComparison.Ordinal))
        {
            if (historical && since is { } changed && changed > at)
            {
                return (false, VerdictText.WasReadyThen.With(ReadyStatus));
            }

            var notReadyFor = since is { } s ? at - s : TimeSpan.MaxValue;
            return notReadyFor >= after
                ? (true, VerdictText.NotReadyFor.With(ReadyStatus, TextDuration.Rough(notReadyFor)))
                : (false, VerdictText.NotReadyForOnly.With(ReadyStatus, TextDuration.Rough(notReadyFor)));
        }

        if (historical)
        {
            return since is { } became && became > at
                ? (true, VerdictText.BecameReadyAfter.With(became.ToString("u", System.Globalization.CultureInfo.InvariantCulture)))
                : (false, since is { } r ? VerdictText.ReadySince.With(r.ToString("u", System.Globalization.CultureInfo.InvariantCulture)) : VerdictText.ReadySinceBefore.Text);
        }

        var quietFor = LastHeartbeat is { } beat ? at - beat : TimeSpan.MaxValue;
        return quietFor >= after
            ? (true, VerdictText.ReadyButQuiet.With(TextDuration.Rough(quietFor)))
            : (false, VerdictText.ReadyAndReported.With(TextDuration.Rough(quietFor)));
    }

    private static DateTimeOffset? Utc(DateTime? value) =>
        value is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;
}

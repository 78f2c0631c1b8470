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
    public (bool Stopped, string Description) Reporting(DateTimeOffset at, TimeSpan after, bool historical)
    {
        var since = ReadySince ?? CreatedAt;
        if (ReadyStatus is null)
        {
            var silentFor = CreatedAt is { } created ? at - created : TimeSpan.MaxValue;
            return silentFor >= after
                ? (true, $"it has never reported a Ready condition{(CreatedAt is null ? string.Empty : $" since it was registered {Ago(silentFor)} before")}")
                : (false, "it registered moments before and has not reported yet");
        }

        if (!string.Equals(ReadyStatus, "True", StringComparison.Ordinal))
        {
            if (historical && since is { } changed && changed > at)
            {
                return (false, "it was Ready then (it became " + ReadyStatus + " only afterwards)");
            }

            var notReadyFor = since is { } s ? at - s : TimeSpan.MaxValue;
            return notReadyFor >= after
                ? (true, $"it has been Ready={ReadyStatus} for {Ago(notReadyFor)}")
                : (false, $"it has been Ready={ReadyStatus} for only {Ago(notReadyFor)}");
        }

        if (historical)
        {
            return since is { } became && became > at
                ? (true, $"it was not Ready then: it became Ready only at {became:u}, after that")
                : (false, "it was Ready then, reporting since " + (since is { } r ? r.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "before"));
        }

        var quietFor = LastHeartbeat is { } beat ? at - beat : TimeSpan.MaxValue;
        return quietFor >= after
            ? (true, $"it is marked Ready but its last heartbeat was {Ago(quietFor)} ago")
            : (false, $"it is Ready and reported {Ago(quietFor)} ago");
    }

    private static string Ago(TimeSpan span)
    {
        if (span == TimeSpan.MaxValue)
        {
            return "an unknown time";
        }

        span = span < TimeSpan.Zero ? TimeSpan.Zero : span;
        return span.TotalDays >= 2 ? $"{(int)span.TotalDays} days"
            : span.TotalHours >= 2 ? $"{(int)span.TotalHours} hours"
            : span.TotalMinutes >= 2 ? $"{(int)span.TotalMinutes} minutes"
            : $"{(int)span.TotalSeconds} seconds";
    }

    private static DateTimeOffset? Utc(DateTime? value) =>
        value is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;
}

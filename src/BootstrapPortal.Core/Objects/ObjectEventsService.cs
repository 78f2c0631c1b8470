using k8s;
using k8s.Models;

namespace BootstrapPortal.Core.Objects;

/// <summary>
/// The Events of one object, read from the API server when a detail page opens its Events tab (not cached: Events are many
/// and short-lived). The field selector is the one <c>kubectl describe</c> uses (k/k staging/src/k8s.io/kubectl/pkg/describe
/// <c>searchEvents</c>): <c>involvedObject.name</c> and <c>involvedObject.kind</c>, plus the namespace for namespaced objects.
/// </summary>
public sealed class ObjectEventsService(IKubernetes client)
{
    /// <summary>Most Events read for one object.</summary>
    public const int Limit = 200;

    /// <summary>Newest first. Throws <see cref="k8s.Autorest.HttpOperationException"/> (and the like) when the API server refuses or is unreachable.</summary>
    public async Task<IReadOnlyList<ObjectEvent>> ListAsync(string kind, string name, string? objectNamespace, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var selector = FieldSelector(kind, name, objectNamespace);
        var list = await client.CoreV1.ListEventForAllNamespacesAsync(fieldSelector: selector, limit: Limit, cancellationToken: cancellationToken);
        return [.. (list.Items ?? []).Select(From).OrderByDescending(e => e.LastSeen ?? e.FirstSeen ?? DateTimeOffset.MinValue)];
    }

    /// <summary><c>involvedObject.name=…,involvedObject.kind=…[,involvedObject.namespace=…]</c>, values escaped as field selectors require.</summary>
    public static string FieldSelector(string kind, string name, string? objectNamespace)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(name);
        var selector = $"involvedObject.name={Escape(name)},involvedObject.kind={Escape(kind)}";
        return string.IsNullOrEmpty(objectNamespace) ? selector : selector + ",involvedObject.namespace=" + Escape(objectNamespace);
    }

    // k8s.io/apimachinery pkg/fields/selector.go EscapeValue: backslash, comma and equals are escaped.
    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal).Replace("=", "\\=", StringComparison.Ordinal);

    private static ObjectEvent From(Corev1Event e)
    {
        var last = e.LastTimestamp ?? e.EventTime ?? e.Series?.LastObservedTime ?? e.Metadata?.CreationTimestamp;
        var first = e.FirstTimestamp ?? e.EventTime ?? e.Metadata?.CreationTimestamp;
        var source = e.Source?.Component ?? e.ReportingComponent ?? string.Empty;
        return new ObjectEvent(e.Type ?? string.Empty, e.Reason ?? string.Empty, e.Message ?? string.Empty, source,
            e.Series?.Count ?? e.Count ?? 1, Instant(first), Instant(last));
    }

    private static DateTimeOffset? Instant(DateTime? value) => value is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;
}

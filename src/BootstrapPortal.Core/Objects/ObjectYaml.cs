using k8s;
using k8s.Models;

namespace BootstrapPortal.Core.Objects;

/// <summary>
/// A cached object as read-only YAML for its detail page, written by the client's serializer from a copy (the cached object
/// is shared and never changed): <c>managedFields</c> dropped, <c>kind</c>/<c>apiVersion</c> set (list items carry neither),
/// and every Secret <c>data</c>/<c>stringData</c> value masked — a bootstrap token's secret is never rendered.
/// </summary>
public static class ObjectYaml
{
    public const string Masked = "(hidden)";

    public static string Write<T>(T obj, string apiVersion, string kind)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(obj);
        var copy = KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(obj));
        copy.ApiVersion = apiVersion;
        copy.Kind = kind;
        if (copy.Metadata is not null)
        {
            copy.Metadata.ManagedFields = null;
            if (copy.Metadata.Annotations is { } annotations)
            {
                // kubectl apply keeps the whole object, Secret data included, in this annotation.
                annotations.Remove("kubectl.kubernetes.io/last-applied-configuration");
            }
        }

        if (copy is V1Secret secret)
        {
            secret.Data = secret.Data?.ToDictionary(kv => kv.Key, _ => System.Text.Encoding.UTF8.GetBytes(Masked));
            secret.StringData = secret.StringData?.ToDictionary(kv => kv.Key, _ => Masked);
        }

        var yaml = KubernetesYaml.Serialize(copy);
        return yaml.EndsWith('\n') ? yaml : yaml + "\n";
    }
}

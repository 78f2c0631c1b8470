using System.Text;
using BootstrapPortal.Core.Objects;
using k8s.Models;

namespace BootstrapPortal.Core.Tests.Objects;

/// <summary>Object YAML for detail pages: no managedFields, kind and apiVersion set, Secret values never written, the cached object untouched.</summary>
public sealed class ObjectYamlTests
{
    [Fact]
    public void A_secrets_values_are_masked_and_the_cached_object_is_not_changed()
    {
        var secret = new V1Secret
        {
            Metadata = new V1ObjectMeta
            {
                Name = "bootstrap-token-abcdef",
                NamespaceProperty = "kube-system",
                ManagedFields = [new V1ManagedFieldsEntry { Manager = "kubectl" }],
                Annotations = new Dictionary<string, string> { ["kubectl.kubernetes.io/last-applied-configuration"] = "{\"stringData\":{\"token-secret\":\"0123456789abcdef\"}}" },
            },
            Type = "bootstrap.kubernetes.io/token",
            Data = new Dictionary<string, byte[]> { ["token-id"] = "abcdef"u8.ToArray(), ["token-secret"] = "0123456789abcdef"u8.ToArray() },
            StringData = new Dictionary<string, string> { ["token-secret"] = "0123456789abcdef" },
        };

        var yaml = ObjectYaml.Write(secret, "v1", "Secret");

        Assert.DoesNotContain("0123456789abcdef", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String("0123456789abcdef"u8.ToArray()), yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("managedFields", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("last-applied-configuration", yaml, StringComparison.Ordinal);
        Assert.Contains("kind: Secret", yaml, StringComparison.Ordinal);
        Assert.Contains("token-secret:", yaml, StringComparison.Ordinal);
        Assert.Equal("0123456789abcdef", Encoding.UTF8.GetString(secret.Data["token-secret"]));
        Assert.NotNull(secret.Metadata.ManagedFields);
    }

    [Fact]
    public void A_list_item_gets_its_kind_and_api_version()
    {
        var node = new V1Node { Metadata = new V1ObjectMeta { Name = "worker-1", ManagedFields = [new V1ManagedFieldsEntry { Manager = "kubelet" }] } };

        var yaml = ObjectYaml.Write(node, "v1", "Node");

        Assert.StartsWith("apiVersion: v1\nkind: Node\n", yaml, StringComparison.Ordinal);
        Assert.Contains("name: worker-1", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("managedFields", yaml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Node", "worker-1", null, "involvedObject.name=worker-1,involvedObject.kind=Node")]
    [InlineData("RoleBinding", "a,b=c", "kube-system", "involvedObject.name=a\\,b\\=c,involvedObject.kind=RoleBinding,involvedObject.namespace=kube-system")]
    public void The_event_selector_is_kubectl_describes(string kind, string name, string? ns, string expected) =>
        Assert.Equal(expected, ObjectEventsService.FieldSelector(kind, name, ns));
}

using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace BootstrapPortal.Sandbox.Controllers;

/// <summary>Small helpers shared by the sandbox controllers and kubelets.</summary>
internal static class KubernetesObjects
{
    /// <summary>Deep copy through the client's own JSON serializer (cached objects are never mutated).</summary>
    public static T Clone<T>(T value) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(value));

    public static string Key(V1ObjectMeta? metadata) =>
        metadata is null ? string.Empty
        : string.IsNullOrEmpty(metadata.NamespaceProperty) ? metadata.Name ?? string.Empty
        : metadata.NamespaceProperty + "/" + metadata.Name;

    public static bool IsStatus(this HttpOperationException exception, HttpStatusCode code) =>
        exception.Response?.StatusCode == code;

    public static bool HasCondition(this V1CertificateSigningRequest csr, string type) =>
        csr.Status?.Conditions?.Any(c => c.Type == type && c.Status == "True") == true;

    public static bool IsIssued(this V1CertificateSigningRequest csr) => csr.Status?.Certificate is { Length: > 0 };
}

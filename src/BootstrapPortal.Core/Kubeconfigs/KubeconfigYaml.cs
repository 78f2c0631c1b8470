using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using k8s.KubeConfigModels;

namespace BootstrapPortal.Core.Kubeconfigs;

/// <summary>
/// Writes a token kubeconfig the way <c>kubectl config view --raw</c> and kubeadm print one: only the fields that are set (no
/// empty <c>as-groups</c>, <c>as-user-extra</c>, <c>insecure-skip-tls-verify: false</c> or nulls that the client library's
/// serializer emits for defaults), keys in client-go's order. Scalars that are not plainly safe are written as JSON strings,
/// which YAML reads as double-quoted strings.
/// </summary>
public static partial class KubeconfigYaml
{
    public static string Write(K8SConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var yaml = new StringBuilder();
        yaml.Append("apiVersion: ").Append(Scalar(config.ApiVersion ?? "v1")).Append('\n');
        yaml.Append("clusters:\n");
        foreach (var cluster in config.Clusters ?? [])
        {
            yaml.Append("- cluster:\n");
            var endpoint = cluster.ClusterEndpoint;
            if (!string.IsNullOrEmpty(endpoint?.CertificateAuthorityData))
            {
                yaml.Append("    certificate-authority-data: ").Append(Scalar(endpoint.CertificateAuthorityData)).Append('\n');
            }

            if (!string.IsNullOrEmpty(endpoint?.CertificateAuthority))
            {
                yaml.Append("    certificate-authority: ").Append(Scalar(endpoint.CertificateAuthority)).Append('\n');
            }

            if (endpoint?.SkipTlsVerify == true)
            {
                yaml.Append("    insecure-skip-tls-verify: true\n");
            }

            yaml.Append("    server: ").Append(Scalar(endpoint?.Server ?? string.Empty)).Append('\n');
            if (!string.IsNullOrEmpty(endpoint?.TlsServerName))
            {
                yaml.Append("    tls-server-name: ").Append(Scalar(endpoint.TlsServerName)).Append('\n');
            }

            yaml.Append("  name: ").Append(Scalar(cluster.Name ?? string.Empty)).Append('\n');
        }

        yaml.Append("contexts:\n");
        foreach (var context in config.Contexts ?? [])
        {
            yaml.Append("- context:\n");
            yaml.Append("    cluster: ").Append(Scalar(context.ContextDetails?.Cluster ?? string.Empty)).Append('\n');
            if (!string.IsNullOrEmpty(context.ContextDetails?.Namespace))
            {
                yaml.Append("    namespace: ").Append(Scalar(context.ContextDetails.Namespace)).Append('\n');
            }

            yaml.Append("    user: ").Append(Scalar(context.ContextDetails?.User ?? string.Empty)).Append('\n');
            yaml.Append("  name: ").Append(Scalar(context.Name ?? string.Empty)).Append('\n');
        }

        yaml.Append("current-context: ").Append(Scalar(config.CurrentContext ?? string.Empty)).Append('\n');
        yaml.Append("kind: ").Append(Scalar(config.Kind ?? "Config")).Append('\n');
        yaml.Append("preferences: {}\n");
        yaml.Append("users:\n");
        foreach (var user in config.Users ?? [])
        {
            yaml.Append("- name: ").Append(Scalar(user.Name ?? string.Empty)).Append('\n');
            yaml.Append("  user:\n");
            var credentials = user.UserCredentials;
            if (!string.IsNullOrEmpty(credentials?.ClientCertificateData))
            {
                yaml.Append("    client-certificate-data: ").Append(Scalar(credentials.ClientCertificateData)).Append('\n');
            }

            if (!string.IsNullOrEmpty(credentials?.ClientKeyData))
            {
                yaml.Append("    client-key-data: ").Append(Scalar(credentials.ClientKeyData)).Append('\n');
            }

            if (!string.IsNullOrEmpty(credentials?.Token))
            {
                yaml.Append("    token: ").Append(Scalar(credentials.Token)).Append('\n');
            }
        }

        return yaml.ToString();
    }

    /// <summary>A plain scalar when YAML cannot read it as anything but this string, else a double-quoted (JSON) string.</summary>
    public static string Scalar(string value) =>
        value.Length > 0 && PlainSafe().IsMatch(value) && !Reserved().IsMatch(value)
            ? value
            : JsonSerializer.Serialize(value);

    [GeneratedRegex(@"^[A-Za-z0-9/][A-Za-z0-9._/+=@\-]*(:+[A-Za-z0-9._/+=@\-\[\]]+)*$")]
    private static partial Regex PlainSafe();

    // Words YAML 1.1/1.2 resolve to booleans, nulls or numbers.
    [GeneratedRegex(@"^(?i:y|n|yes|no|on|off|true|false|null|~)$|^[-+]?[0-9._]+([eE][-+]?[0-9]+)?$|^0[xo]")]
    private static partial Regex Reserved();
}

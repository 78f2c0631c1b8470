namespace BootstrapPortal.Core.Certificates;

/// <summary>
/// The subject/SAN/usage rules of kube-controller-manager for kubelet CSRs (<c>k/k pkg/apis/certificates/helpers.go</c>
/// <c>ValidateKubeletClientCSR</c>, <c>ValidateKubeletServingCSR</c>, signer <c>validAPIServerClientUsages</c>), with the exact
/// error texts. A <c>null</c> result means the request satisfies the rules.
/// </summary>
public static class KubeletCsrRules
{
    public const string NodeUserPrefix = "system:node:";
    public const string NodesGroup = "system:nodes";

    private static readonly string[] ClientUsages = ["client auth", "digital signature", "key encipherment"];
    private static readonly string[] ClientUsagesNoRsa = ["client auth", "digital signature"];
    private static readonly string[] ServingUsages = ["digital signature", "key encipherment", "server auth"];
    private static readonly string[] ServingUsagesNoRsa = ["digital signature", "server auth"];

    /// <summary>Rules of the <c>kubernetes.io/kube-apiserver-client-kubelet</c> signer (and the approver's recogniser).</summary>
    public static string? ValidateKubeletClient(CertificateRequestFacts request, IEnumerable<string> usages)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(usages);
        if (request.Organizations.Count != 1 || request.Organizations[0] != NodesGroup)
        {
            return "subject organization is not system:nodes";
        }

        if (request.DnsNames.Count > 0)
        {
            return "DNS subjectAltNames are not allowed";
        }

        if (request.EmailAddresses.Count > 0)
        {
            return "Email subjectAltNames are not allowed";
        }

        if (request.IpAddresses.Count > 0)
        {
            return "IP subjectAltNames are not allowed";
        }

        if (request.Uris.Count > 0)
        {
            return "URI subjectAltNames are not allowed";
        }

        if (!request.CommonName.StartsWith(NodeUserPrefix, StringComparison.Ordinal))
        {
            return "subject common name does not begin with system:node:";
        }

        var set = new HashSet<string>(usages, StringComparer.Ordinal);
        if (!set.SetEquals(ClientUsages) && !set.SetEquals(ClientUsagesNoRsa))
        {
            return "usages did not match [" + string.Join(' ', ClientUsages) + "]";
        }

        return null;
    }

    /// <summary>Rules of the <c>kubernetes.io/kubelet-serving</c> signer.</summary>
    public static string? ValidateKubeletServing(CertificateRequestFacts request, IEnumerable<string> usages)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(usages);
        if (request.Organizations.Count != 1 || request.Organizations[0] != NodesGroup)
        {
            return "subject organization is not system:nodes";
        }

        if (request.DnsNames.Count == 0 && request.IpAddresses.Count == 0)
        {
            return "DNS or IP subjectAltName is required";
        }

        if (request.EmailAddresses.Count > 0)
        {
            return "Email subjectAltNames are not allowed";
        }

        if (request.Uris.Count > 0)
        {
            return "URI subjectAltNames are not allowed";
        }

        var set = new HashSet<string>(usages, StringComparer.Ordinal);
        if (!set.SetEquals(ServingUsages) && !set.SetEquals(ServingUsagesNoRsa))
        {
            return "usages did not match [" + string.Join(' ', ServingUsages) + "]";
        }

        if (!request.CommonName.StartsWith(NodeUserPrefix, StringComparison.Ordinal))
        {
            return "subject common name does not begin with system:node:";
        }

        return null;
    }

    /// <summary>Usage rules of the <c>kubernetes.io/kube-apiserver-client</c> signer.</summary>
    public static string? ValidateKubeApiServerClient(IEnumerable<string> usages)
    {
        ArgumentNullException.ThrowIfNull(usages);
        var hasClientAuth = false;
        foreach (var usage in usages)
        {
            switch (usage)
            {
                case "digital signature":
                case "key encipherment":
                    break;
                case "client auth":
                    hasClientAuth = true;
                    break;
                default:
                    return "invalid usage for client certificate: " + usage;
            }
        }

        return hasClientAuth ? null : "missing required usage for client certificate: client auth";
    }

    /// <summary>Approver recogniser <c>isNodeClientCert</c>: kubelet client signer and the kubelet client rules.</summary>
    public static bool IsNodeClientCert(string? signerName, CertificateRequestFacts request, IEnumerable<string> usages) =>
        signerName == KubernetesSignerNames.KubeApiServerClientKubelet && ValidateKubeletClient(request, usages) is null;

    /// <summary>Approver recogniser <c>isSelfNodeClientCert</c>: a node client CSR whose requester is the CSR's CN.</summary>
    public static bool IsSelfNodeClientCert(string? signerName, string? userName, CertificateRequestFacts request, IEnumerable<string> usages)
    {
        ArgumentNullException.ThrowIfNull(request);
        return userName == request.CommonName && IsNodeClientCert(signerName, request, usages);
    }
}

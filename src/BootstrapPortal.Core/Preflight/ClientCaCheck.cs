using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Kubeconfigs;

namespace BootstrapPortal.Core.Preflight;

/// <summary>
/// The cluster CA in <c>kube-public/cluster-info</c> is present and valid (kubelets and <c>kubeadm join</c> trust the API
/// server with it), kube-apiserver verifies client certificates (<c>--client-ca-file</c>), and the certificates the signer
/// issues to kubelets chain to it.
/// </summary>
public static class ClientCaCheck
{
    public const string Id = "client-ca";
    private const string Title = "The cluster CA in kube-public/cluster-info is present and valid";

    public static PreflightCheck Evaluate(PreflightInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var evidence = new List<string>();
        var apiServer = inputs.Flags.ApiServer;
        if (apiServer is not null)
        {
            if (!apiServer.TryGetValue("client-ca-file", out var file))
            {
                return new PreflightCheck(Id, Title, PreflightStatus.Fail,
                    [$"static pod {inputs.Flags.ApiServerPod} runs kube-apiserver without --client-ca-file"],
                    "Start kube-apiserver with --client-ca-file pointing at the CA kube-controller-manager signs with (--cluster-signing-cert-file); " +
                    "without it no kubelet can authenticate with the certificate it bootstraps.");
            }

            evidence.Add($"kube-apiserver verifies client certificates with --client-ca-file={file}");
        }

        if (inputs.ClusterInfo is null)
        {
            return new PreflightCheck(Id, Title, inputs.ClusterInfoError is null ? PreflightStatus.Fail : PreflightStatus.Unknown,
                [.. evidence, inputs.ClusterInfoError ?? "ConfigMap kube-public/cluster-info does not exist"],
                "Create kube-public/cluster-info with a kubeconfig that holds the cluster's server and certificate-authority-data (kubeadm init phase bootstrap-token).");
        }

        ClusterInfo info;
        try
        {
            info = ClusterInfo.FromConfigMap(inputs.ClusterInfo);
        }
        catch (ClusterInfoException ex)
        {
            return new PreflightCheck(Id, Title, PreflightStatus.Fail, [.. evidence, ex.Message],
                "Rewrite the kubeconfig key of kube-public/cluster-info with one cluster: its https server and certificate-authority-data.");
        }

        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(info.CaPem);
        var status = PreflightStatus.Pass;
        string? fix = null;
        var pins = ClusterInfo.CaCertHashes(info.CaPem);
        for (var i = 0; i < certificates.Count; i++)
        {
            var certificate = certificates[i];
            var isCa = certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault()?.CertificateAuthority == true;
            var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
            var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
            evidence.Add($"CA {certificate.Subject}, valid {notBefore:yyyy-MM-dd} to {notAfter:yyyy-MM-dd}, pin {pins[i]}, server {info.ServerUrl}");
            if (!isCa)
            {
                status = PreflightStatus.Fail;
                fix = "certificate-authority-data must hold the CA certificate (basic constraints CA:TRUE), not a leaf certificate.";
            }
            else if (notAfter <= inputs.Now || notBefore > inputs.Now)
            {
                status = PreflightStatus.Fail;
                fix = notAfter <= inputs.Now
                    ? "The cluster CA has expired: no certificate it signs is valid. Renew the CA and redistribute it (kubeadm certs renew does not renew the CA)."
                    : "The cluster CA is not valid yet: check the control plane's clock.";
            }
            else if (notAfter - inputs.Now < inputs.Options.CaExpiryWarning && status == PreflightStatus.Pass)
            {
                status = PreflightStatus.Warn;
                fix = $"The cluster CA expires on {notAfter:yyyy-MM-dd}: plan its rotation before then.";
            }
        }

        if (status != PreflightStatus.Fail)
        {
            var chain = IssuedChains(inputs, certificates);
            if (chain is { } c)
            {
                evidence.Add(c.Evidence);
                if (!c.Chains)
                {
                    status = PreflightStatus.Warn;
                    fix = "The signer issues kubelet certificates from another CA than the one in cluster-info. kube-apiserver's --client-ca-file must " +
                        "contain the signing CA (kube-controller-manager --cluster-signing-cert-file) or bootstrapped kubelets cannot authenticate.";
                }
            }
        }

        foreach (var certificate in certificates)
        {
            certificate.Dispose();
        }

        return new PreflightCheck(Id, Title, status, evidence, fix);
    }

    private static (bool Chains, string Evidence)? IssuedChains(PreflightInputs inputs, X509Certificate2Collection roots)
    {
        var newest = inputs.Csrs
            .Where(e => e.View.SignerName == KubernetesSignerNames.KubeApiServerClientKubelet && e.View.CertificatePem is not null)
            .OrderByDescending(e => e.View.CreatedAt ?? DateTimeOffset.MinValue).FirstOrDefault();
        if (newest is null)
        {
            return null;
        }

        try
        {
            using var leaf = X509Certificate2.CreateFromPem(newest.View.CertificatePem!);
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
            var chains = chain.Build(leaf);
            return (chains, chains
                ? $"the newest kubelet client certificate (CSR {newest.Name}) chains to this CA"
                : $"the newest kubelet client certificate (CSR {newest.Name}, issuer {leaf.Issuer}) does not chain to this CA");
        }
        catch (CryptographicException ex)
        {
            return (true, $"the certificate of CSR {newest.Name} could not be read ({ex.Message})");
        }
    }
}

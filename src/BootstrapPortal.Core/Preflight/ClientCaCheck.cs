using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Kubeconfigs;
using BootstrapPortal.Core.Text;

namespace BootstrapPortal.Core.Preflight;

/// <summary>
/// The cluster CA in <c>kube-public/cluster-info</c> is present and valid (kubelets and <c>kubeadm join</c> trust the API
/// server with it), kube-apiserver verifies client certificates (<c>--client-ca-file</c>), and the certificates the signer
/// issues to kubelets chain to it.
/// </summary>
public static class ClientCaCheck
{
    public const string Id = "client-ca";
    private static readonly PortalText Title = PreflightText.ClientCaTitle.Text;

    public static PreflightCheck Evaluate(PreflightInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var evidence = new List<PortalText>();
        var apiServer = inputs.Flags.ApiServer;
        if (apiServer is not null)
        {
            if (!apiServer.TryGetValue("client-ca-file", out var file))
            {
                return new PreflightCheck(Id, Title, PreflightStatus.Fail,
                    [EvidenceText.ApiServerWithoutClientCa.With(inputs.Flags.ApiServerPod ?? string.Empty)],
                    PreflightText.ClientCaFlagFix.Text);
            }

            evidence.Add(EvidenceText.ApiServerClientCa.With(file));
        }

        if (inputs.ClusterInfo is null)
        {
            return new PreflightCheck(Id, Title, inputs.ClusterInfoError is null ? PreflightStatus.Fail : PreflightStatus.Unknown,
                [.. evidence, inputs.ClusterInfoError is { } error ? CommonText.Plain(error) : EvidenceText.ClusterInfoMissing.Text],
                PreflightText.ClusterInfoMissingFix.Text);
        }

        ClusterInfo info;
        try
        {
            info = ClusterInfo.FromConfigMap(inputs.ClusterInfo);
        }
        catch (ClusterInfoException ex)
        {
            return new PreflightCheck(Id, Title, PreflightStatus.Fail, [.. evidence, CommonText.Plain(ex.Message)],
                PreflightText.ClusterInfoRewriteFix.Text);
        }

        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(info.CaPem);
        var status = PreflightStatus.Pass;
        PortalText? fix = null;
        var pins = ClusterInfo.CaCertHashes(info.CaPem);
        for (var i = 0; i < certificates.Count; i++)
        {
            var certificate = certificates[i];
            var isCa = certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault()?.CertificateAuthority == true;
            var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
            var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
            evidence.Add(EvidenceText.CaCertificate.With(certificate.Subject, Day(notBefore), Day(notAfter), pins[i], info.ServerUrl));
            if (!isCa)
            {
                status = PreflightStatus.Fail;
                fix = PreflightText.LeafNotCaFix.Text;
            }
            else if (notAfter <= inputs.Now || notBefore > inputs.Now)
            {
                status = PreflightStatus.Fail;
                fix = (notAfter <= inputs.Now ? PreflightText.CaExpiredFix : PreflightText.CaNotYetValidFix).Text;
            }
            else if (notAfter - inputs.Now < inputs.Options.CaExpiryWarning && status == PreflightStatus.Pass)
            {
                status = PreflightStatus.Warn;
                fix = PreflightText.CaExpiresSoonFix.With(Day(notAfter));
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
                    fix = PreflightText.OtherSigningCaFix.Text;
                }
            }
        }

        foreach (var certificate in certificates)
        {
            certificate.Dispose();
        }

        return new PreflightCheck(Id, Title, status, evidence, fix);
    }

    private static (bool Chains, PortalText Evidence)? IssuedChains(PreflightInputs inputs, X509Certificate2Collection roots)
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
                ? EvidenceText.NewestChains.With(newest.Name)
                : EvidenceText.NewestDoesNotChain.With(newest.Name, leaf.Issuer));
        }
        catch (CryptographicException ex)
        {
            return (true, EvidenceText.CertificateUnreadable.With(newest.Name, ex.Message));
        }
    }

    private static string Day(DateTimeOffset time) => time.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

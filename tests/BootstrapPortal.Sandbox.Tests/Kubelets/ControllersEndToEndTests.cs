using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Core.Tokens;
using BootstrapPortal.Sandbox.Controllers;
using BootstrapPortal.Sandbox.Kubelets;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace BootstrapPortal.Sandbox.Tests.Kubelets;

/// <summary>Clock speed 3600: an hour of Kubernetes time is a second, so csrcleaner ages pass quickly; serving certs on.</summary>
public sealed class FastSandbox : SandboxTestCluster
{
    protected override void Configure(SandboxOptions options)
    {
        options.ClockSpeed = 3600;
        options.ServingCertificates = true;
    }
}

public sealed class ControllersEndToEndTests : IClassFixture<FastSandbox>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly FastSandbox _sandbox;

    public ControllersEndToEndTests(FastSandbox sandbox) => _sandbox = sandbox;

    private async Task<SimulatedKubelet> JoinAsync(string nodeName)
    {
        var token = await _sandbox.Fleet.CreateBootstrapTokenAsync(null, TimeSpan.FromHours(24), CancellationToken.None);
        await _sandbox.Cluster.JoinNodeAsync(_sandbox.Fleet.BuildBootstrapKubeconfig(token), nodeName, CancellationToken.None);
        var kubelet = _sandbox.Fleet.Find(nodeName)!;
        await kubelet.Registered.WaitAsync(Timeout);
        return kubelet;
    }

    [Fact(Timeout = 60_000)]
    public async Task Kubelet_serving_csr_stays_pending_and_is_signed_once_an_admin_approves()
    {
        var kubelet = await JoinAsync("e2e-serving-1");
        var csr = await _sandbox.WaitForCsrAsync(
            c => c.Spec.SignerName == KubernetesSignerNames.KubeletServing && c.Spec.Username == "system:node:e2e-serving-1", Timeout, "serving CSR");
        Assert.Equal(["digital signature", "server auth"], csr.Spec.Usages);
        Assert.True(CertificateRequestFactsReader.TryRead(csr.Spec.Request, out var facts, out _));
        Assert.Equal(["e2e-serving-1"], facts!.DnsNames);
        Assert.Equal([kubelet.InternalIp.ToString()], facts.IpAddresses);

        await Task.Delay(TimeSpan.FromSeconds(2));
        var pending = await _sandbox.Admin.CertificatesV1.ReadCertificateSigningRequestAsync(csr.Metadata.Name);
        Assert.Empty(pending.Status?.Conditions ?? []);

        pending.Status ??= new V1CertificateSigningRequestStatus();
        pending.Status.Conditions = [new V1CertificateSigningRequestCondition
        {
            Type = "Approved", Status = "True", Reason = "KubectlApprove", Message = "This CSR was approved by kubectl certificate approve.",
        }];
        await _sandbox.Admin.CertificatesV1.ReplaceCertificateSigningRequestApprovalAsync(pending, pending.Metadata.Name);

        var issued = await _sandbox.WaitForCsrAsync(c => c.Metadata.Name == csr.Metadata.Name && c.IsIssued(), Timeout, "issued serving CSR");
        var pem = Encoding.ASCII.GetString(issued.Status.Certificate);
        KubeletTestSupport.AssertOpensslVerifies(_sandbox.Cluster.CaCertificatePem, pem);
        using var certificate = X509Certificate2.CreateFromPem(pem);
        Assert.Equal(["1.3.6.1.5.5.7.3.1"], certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value));
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["e2e-serving-1"], san.EnumerateDnsNames());
        Assert.Equal([kubelet.InternalIp], san.EnumerateIPAddresses());
        await SandboxTestCluster.WaitUntilAsync(() => kubelet.ServingCertificatePem is not null, Timeout, "kubelet stores its serving certificate");
    }

    [Fact(Timeout = 60_000)]
    public async Task Signer_fails_an_approved_kubelet_client_csr_that_breaks_its_rules()
    {
        // A client CSR with a DNS SAN: csrapproving does not recognise it; an admin approves it; csrsigning marks it Failed.
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var created = await _sandbox.Admin.CertificatesV1.CreateCertificateSigningRequestAsync(new V1CertificateSigningRequest
        {
            Metadata = new V1ObjectMeta { GenerateName = "csr-" },
            Spec = new V1CertificateSigningRequestSpec
            {
                Request = Encoding.ASCII.GetBytes(KubeletCsrClient.CreateRequestPem(key, "odd", ["odd"])),
                SignerName = KubernetesSignerNames.KubeApiServerClientKubelet,
                Usages = ["digital signature", "client auth"],
            },
        });
        created.Status ??= new V1CertificateSigningRequestStatus();
        created.Status.Conditions = [new V1CertificateSigningRequestCondition { Type = "Approved", Status = "True", Reason = "Test", Message = "approved by the test" }];
        await _sandbox.Admin.CertificatesV1.ReplaceCertificateSigningRequestApprovalAsync(created, created.Metadata.Name);
        var failed = await _sandbox.WaitForCsrAsync(c => c.Metadata.Name == created.Metadata.Name && c.HasCondition("Failed"), Timeout, "Failed condition");
        var condition = Assert.Single(failed.Status.Conditions, c => c.Type == "Failed");
        Assert.Equal(("SignerValidationFailure", "DNS subjectAltNames are not allowed"), (condition.Reason, condition.Message));
        Assert.False(failed.IsIssued());
    }

    [Fact(Timeout = 60_000)]
    public async Task Csr_cleaner_removes_approved_and_issued_csrs_after_an_hour_of_sandbox_time()
    {
        var kubelet = await JoinAsync("e2e-cleaned-1");
        var bootstrap = await _sandbox.WaitForCsrAsync(
            c => c.Spec.Username.StartsWith("system:bootstrap:", StringComparison.Ordinal) && c.IsIssued() && c.Spec.Request is not null
                 && CertificateRequestFactsReader.TryRead(c.Spec.Request, out var f, out _) && f!.CommonName == "system:node:e2e-cleaned-1",
            Timeout,
            "issued bootstrap CSR");
        Assert.NotNull(kubelet.Credentials);
        await SandboxTestCluster.WaitUntilAsync(
            async () =>
            {
                var list = await _sandbox.Admin.CertificatesV1.ListCertificateSigningRequestAsync(fieldSelector: "metadata.name=" + bootstrap.Metadata.Name);
                return list.Items.Count == 0;
            },
            Timeout,
            "csrcleaner deletes the approved CSR");
    }

    [Fact(Timeout = 60_000)]
    public async Task Tokencleaner_deletes_expired_bootstrap_tokens_and_keeps_valid_ones()
    {
        var now = DateTimeOffset.UtcNow;
        var expired = SandboxKubeletFleet.BuildTokenSecret("exp001", "0123456789abcdef", "expired", now.AddMinutes(-1), null);
        var soon = SandboxKubeletFleet.BuildTokenSecret("exp002", "0123456789abcdef", "expires in 2 s", now.AddSeconds(2), null);
        var valid = SandboxKubeletFleet.BuildTokenSecret("val001", "0123456789abcdef", "valid", now.AddDays(1), null);
        var garbage = SandboxKubeletFleet.BuildTokenSecret("bad001", "0123456789abcdef", "unparseable expiration", null, null);
        garbage.Data["expiration"] = Encoding.ASCII.GetBytes("next tuesday");
        foreach (var secret in new[] { expired, soon, valid, garbage })
        {
            await _sandbox.Admin.CoreV1.CreateNamespacedSecretAsync(secret, "kube-system");
        }

        async Task<bool> Gone(string name)
        {
            try
            {
                await _sandbox.Admin.CoreV1.ReadNamespacedSecretAsync(name, "kube-system");
                return false;
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return true;
            }
        }

        await SandboxTestCluster.WaitUntilAsync(() => Gone("bootstrap-token-exp001"), Timeout, "expired token deleted");
        await SandboxTestCluster.WaitUntilAsync(() => Gone("bootstrap-token-exp002"), Timeout, "token deleted once it expires");
        await SandboxTestCluster.WaitUntilAsync(() => Gone("bootstrap-token-bad001"), Timeout, "unparseable expiration counts as expired");
        Assert.False(await Gone("bootstrap-token-val001"));
        await _sandbox.Admin.CoreV1.DeleteNamespacedSecretAsync("bootstrap-token-val001", "kube-system");
    }

    [Fact(Timeout = 60_000)]
    public async Task Bootstrapsigner_signs_cluster_info_for_signing_tokens_only_and_drops_removed_ones()
    {
        var now = DateTimeOffset.UtcNow;
        var signing = SandboxKubeletFleet.BuildTokenSecret("sig001", "abcdefghij012345", null, now.AddDays(1), null);
        var authOnly = SandboxKubeletFleet.BuildTokenSecret("sig002", "abcdefghij012345", null, now.AddDays(1), null);
        authOnly.Data.Remove("usage-bootstrap-signing");

        // Malformed token Secrets are skipped, never fatal: no data at all, a name that is not bootstrap-token-<6 chars>, an id mismatch.
        var noData = new V1Secret { Metadata = new V1ObjectMeta { Name = "bootstrap-token-nodata" }, Type = "bootstrap.kubernetes.io/token" };
        var badName = SandboxKubeletFleet.BuildTokenSecret("sig003", "abcdefghij012345", null, now.AddDays(1), null);
        badName.Metadata.Name = "bootstrap-token-sig0033";
        var idMismatch = SandboxKubeletFleet.BuildTokenSecret("sig004", "abcdefghij012345", null, now.AddDays(1), null);
        idMismatch.Metadata.Name = "bootstrap-token-sig005";
        foreach (var malformed in new[] { noData, badName, idMismatch })
        {
            await _sandbox.Admin.CoreV1.CreateNamespacedSecretAsync(malformed, "kube-system");
        }

        await _sandbox.Admin.CoreV1.CreateNamespacedSecretAsync(authOnly, "kube-system");
        await _sandbox.Admin.CoreV1.CreateNamespacedSecretAsync(signing, "kube-system");

        V1ConfigMap clusterInfo = null!;
        await SandboxTestCluster.WaitUntilAsync(
            async () => (clusterInfo = await _sandbox.Admin.CoreV1.ReadNamespacedConfigMapAsync("cluster-info", "kube-public")).Data.ContainsKey("jws-kubeconfig-sig001"),
            Timeout,
            "signature for sig001");
        Assert.True(BootstrapTokenJws.IsValid(clusterInfo.Data["jws-kubeconfig-sig001"], clusterInfo.Data["kubeconfig"], "sig001", "abcdefghij012345"));
        Assert.False(clusterInfo.Data.ContainsKey("jws-kubeconfig-sig002"));
        Assert.Equal(
            ["jws-kubeconfig-sig001"],
            clusterInfo.Data.Keys.Where(k => k.StartsWith("jws-kubeconfig-sig", StringComparison.Ordinal) || k.Contains("nodata", StringComparison.Ordinal)));

        // kubeadm join's discovery reads cluster-info anonymously and verifies the signature with the token.
        using var anonymous = new Kubernetes(new KubernetesClientConfiguration
        {
            Host = _sandbox.Cluster.ServerUri.ToString(),
            SslCaCerts = [X509Certificate2.CreateFromPem(_sandbox.Cluster.CaCertificatePem)],
        });
        var discovered = await anonymous.CoreV1.ReadNamespacedConfigMapAsync("cluster-info", "kube-public");
        Assert.True(BootstrapTokenJws.IsValid(discovered.Data["jws-kubeconfig-sig001"], discovered.Data["kubeconfig"], "sig001", "abcdefghij012345"));

        await _sandbox.Admin.CoreV1.DeleteNamespacedSecretAsync("bootstrap-token-sig001", "kube-system");
        await _sandbox.Admin.CoreV1.DeleteNamespacedSecretAsync("bootstrap-token-sig002", "kube-system");
        foreach (var malformed in new[] { "bootstrap-token-nodata", "bootstrap-token-sig0033", "bootstrap-token-sig005" })
        {
            await _sandbox.Admin.CoreV1.DeleteNamespacedSecretAsync(malformed, "kube-system");
        }

        await SandboxTestCluster.WaitUntilAsync(
            async () => !(await _sandbox.Admin.CoreV1.ReadNamespacedConfigMapAsync("cluster-info", "kube-public")).Data.ContainsKey("jws-kubeconfig-sig001"),
            Timeout,
            "signature removed with its token");
    }

    [Fact(Timeout = 60_000)]
    public async Task Joining_with_an_unknown_token_fails_with_401_and_starts_no_kubelet()
    {
        var kubeconfig = _sandbox.Fleet.BuildBootstrapKubeconfig("zzzzzz.zzzzzzzzzzzzzzzz");
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _sandbox.Cluster.JoinNodeAsync(kubeconfig, "e2e-rejected", CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, error.Response.StatusCode);
        Assert.Null(_sandbox.Fleet.Find("e2e-rejected"));
    }

    [Fact(Timeout = 60_000)]
    public async Task Node_names_must_be_unique_and_valid()
    {
        await JoinAsync("e2e-unique-1");
        var token = await _sandbox.Fleet.CreateBootstrapTokenAsync(null, TimeSpan.FromHours(24), CancellationToken.None);
        var kubeconfig = _sandbox.Fleet.BuildBootstrapKubeconfig(token);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _sandbox.Cluster.JoinNodeAsync(kubeconfig, "e2e-unique-1", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => _sandbox.Cluster.JoinNodeAsync(kubeconfig, "Not_A_Node", CancellationToken.None));

        // Only this sandbox: a simulated kubelet never joins another cluster.
        var elsewhere = KubeletKubeconfigs.BuildBootstrapKubeconfig(new Uri("https://127.0.0.1:1"), _sandbox.Cluster.CaCertificatePem, token);
        await Assert.ThrowsAsync<ArgumentException>(() => _sandbox.Cluster.JoinNodeAsync(elsewhere, "e2e-elsewhere", CancellationToken.None));
    }
}

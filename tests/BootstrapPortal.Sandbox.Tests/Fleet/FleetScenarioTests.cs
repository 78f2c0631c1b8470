using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Core.Tokens;
using BootstrapPortal.Sandbox.Controllers;
using BootstrapPortal.Sandbox.Fleet;
using BootstrapPortal.Sandbox.Kubelets;
using BootstrapPortal.Sandbox.Tests.Kubelets;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace BootstrapPortal.Sandbox.Tests.Fleet;

/// <summary>A small fleet (300 nodes, 600 CSRs) with the controllers running and the fleet agent keeping it live.</summary>
public sealed class SmallFleet : IAsyncLifetime
{
    private DirectoryInfo? directory;

    public SandboxCluster Cluster { get; private set; } = null!;

    public Kubernetes Admin { get; private set; } = null!;

    public SandboxFleet Fleet => Cluster.Fleet!;

    public DateTimeOffset StartedAt { get; private set; }

    public async Task InitializeAsync()
    {
        directory = Directory.CreateTempSubdirectory("sandbox-fleet-tests");
        StartedAt = DateTimeOffset.UtcNow;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        Cluster = await SandboxCluster.StartAsync(new SandboxOptions
        {
            DataDirectory = directory.FullName,
            Nodes = 0,
            DemoMisfits = false,
            Fleet = new SandboxFleetOptions
            {
                Nodes = 300,
                IssuedCsrs = 450,
                PendingCsrs = 150,
                Tokens = 40,
                Bindings = 120,
                RenewingShare = 0.02,
                StuckShare = 0.01,
                RenewalWindow = TimeSpan.FromSeconds(20),
                LeaseRenewInterval = TimeSpan.FromSeconds(10),
                NodeStatusInterval = TimeSpan.FromSeconds(30),
                Seed = 20260301,
            },
        }, NullLoggerFactory.Instance, timeout.Token);
        Admin = new Kubernetes(Cluster.CreateAdminConfiguration());
    }

    public async Task DisposeAsync()
    {
        Admin?.Dispose();
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        directory?.Delete(true);
    }
}

public sealed class FleetScenarioTests(SmallFleet fleet) : IClassFixture<SmallFleet>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private async Task<IReadOnlyList<V1CertificateSigningRequest>> PreloadedCsrsAsync()
    {
        var all = await fleet.Admin.CertificatesV1.ListCertificateSigningRequestAsync();
        return [.. all.Items.Where(c => c.Metadata.CreationTimestamp < fleet.StartedAt.UtcDateTime.AddSeconds(-1))];
    }

    [Fact]
    public async Task The_fleet_has_the_configured_objects()
    {
        var nodes = await fleet.Admin.CoreV1.ListNodeAsync();
        var fleetNodes = nodes.Items.Where(n => n.Metadata.Name.StartsWith("fleet-node-", StringComparison.Ordinal)).ToList();
        Assert.Equal(300, fleetNodes.Count);
        Assert.All(fleetNodes, n =>
        {
            Assert.Contains(n.Status.Conditions, c => c.Type == "Ready" && c.Status == "True");
            Assert.Equal(["InternalIP", "Hostname"], n.Status.Addresses.Select(a => a.Type));
            Assert.Equal(SandboxKubeletFleet.DefaultKubeletVersion, n.Status.NodeInfo.KubeletVersion);
            Assert.True(Guid.TryParse(n.Metadata.Uid, out _));
        });
        Assert.Equal(300, fleetNodes.Select(n => n.Status.Addresses[0].Address).Distinct().Count());

        var leases = await fleet.Admin.CoordinationV1.ListNamespacedLeaseAsync("kube-node-lease");
        var uids = fleetNodes.ToDictionary(n => n.Metadata.Name, n => n.Metadata.Uid);
        var fleetLeases = leases.Items.Where(l => uids.ContainsKey(l.Metadata.Name)).ToList();
        Assert.Equal(300, fleetLeases.Count);
        Assert.All(fleetLeases, l =>
        {
            Assert.Equal(l.Metadata.Name, l.Spec.HolderIdentity);
            Assert.Equal(uids[l.Metadata.Name], Assert.Single(l.Metadata.OwnerReferences).Uid);
            Assert.Equal(40, l.Spec.LeaseDurationSeconds);
        });

        var csrs = await PreloadedCsrsAsync();
        Assert.Equal(600, csrs.Count);
        Assert.Equal(450, csrs.Count(c => c.Status?.Conditions?.Any(x => x.Type == "Approved") == true && c.Status.Certificate is { Length: > 0 }));
        Assert.Equal(150, csrs.Count(c => (c.Status?.Conditions ?? []).Count == 0));
        Assert.Equal(600, csrs.Select(c => c.Metadata.Name).Distinct(StringComparer.Ordinal).Count());

        var secrets = await fleet.Admin.CoreV1.ListNamespacedSecretAsync("kube-system", fieldSelector: "type=" + BootstrapTokenFormat.SecretType);
        Assert.Equal(40, secrets.Items.Count);

        var clusterBindings = await fleet.Admin.RbacAuthorizationV1.ListClusterRoleBindingAsync();
        var bindings = await fleet.Admin.RbacAuthorizationV1.ListRoleBindingForAllNamespacesAsync();
        Assert.Equal(120, clusterBindings.Items.Count(b => b.Metadata.Name.StartsWith("fleet-", StringComparison.Ordinal))
            + bindings.Items.Count(b => b.Metadata.Name.StartsWith("fleet-", StringComparison.Ordinal)));
        Assert.Contains(clusterBindings.Items, b => b.Metadata.Name.StartsWith("fleet-", StringComparison.Ordinal) && b.Subjects.Any(s => s.Kind == "ServiceAccount"));
        Assert.Contains(bindings.Items, b => b.Metadata.Name.StartsWith("fleet-", StringComparison.Ordinal) && b.Subjects.Any(s => s.Kind == "Group"));
    }

    [Fact]
    public async Task Every_request_verifies_and_every_certificate_chains_to_the_cluster_CA_with_the_signers_validity()
    {
        var csrs = await PreloadedCsrsAsync();
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(fleet.Cluster.CertificateAuthority.Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTimeIgnored = true;
        var signingDuration = new SandboxOptions().SigningDuration;
        foreach (var csr in csrs)
        {
            // LoadSigningRequestPem checks the request's self-signature.
            var request = CertificateRequest.LoadSigningRequestPem(Encoding.ASCII.GetString(csr.Spec.Request), HashAlgorithmName.SHA256);
            Assert.True(CertificateRequestFactsReader.TryRead(csr.Spec.Request, out var facts, out var error), error);
            if (csr.Status?.Certificate is not { Length: > 0 } pem)
            {
                continue;
            }

            using var certificate = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(pem));
            Assert.True(chain.Build(certificate), csr.Metadata.Name + " does not chain to the cluster CA");
            Assert.Equal(request.PublicKey.EncodedKeyValue.RawData, certificate.PublicKey.EncodedKeyValue.RawData);
            Assert.Equal(facts!.SubjectDer.ToArray(), certificate.SubjectName.RawData);
            var approved = Assert.Single(csr.Status.Conditions, c => c.Type == "Approved");
            var issued = new DateTimeOffset(DateTime.SpecifyKind(approved.LastUpdateTime!.Value, DateTimeKind.Utc));
            var (notBefore, notAfter) = CsrCertificateIssuer.Validity(issued, signingDuration, new SandboxTimeScale(1, TimeProvider.System));
            Assert.Equal(notBefore.UtcDateTime, certificate.NotBefore.ToUniversalTime());
            Assert.Equal(notAfter.UtcDateTime, certificate.NotAfter.ToUniversalTime());
            Assert.True(issued.UtcDateTime >= csr.Metadata.CreationTimestamp);
        }

        // openssl agrees for a sample of each kind.
        foreach (var csr in csrs.Where(c => c.Status?.Certificate is { Length: > 0 }).GroupBy(c => c.Spec.SignerName).Select(g => g.First()))
        {
            KubeletTestSupport.AssertOpensslVerifies(fleet.Cluster.CaCertificatePem, Encoding.ASCII.GetString(csr.Status.Certificate));
        }
    }

    [Fact]
    public async Task The_history_spreads_over_the_past_days_and_mixes_the_kinds_a_neglected_cluster_piles_up()
    {
        var csrs = await PreloadedCsrsAsync();
        var now = DateTime.UtcNow;
        Assert.Contains(csrs, c => c.Metadata.CreationTimestamp < now.AddDays(-3));
        Assert.Contains(csrs, c => c.Metadata.CreationTimestamp > now.AddDays(-1));
        Assert.All(csrs, c => Assert.True(c.Metadata.CreationTimestamp <= now));

        Assert.Contains(csrs, c => c.Status?.Conditions?.Any(x => x.Message == CsrApprovingController.NodeClientMessage) == true
            && c.Spec.Username.StartsWith(BootstrapTokenFormat.UserPrefix, StringComparison.Ordinal));
        Assert.Contains(csrs, c => c.Spec.SignerName == KubernetesSignerNames.KubeletServing && c.Status?.Conditions?.Any(x => x.Reason == "KubectlApprove") == true);
        var pendingServing = csrs.Count(c => c.Spec.SignerName == KubernetesSignerNames.KubeletServing && (c.Status?.Conditions ?? []).Count == 0);
        Assert.True(pendingServing > 100, $"{pendingServing} pending kubelet-serving requests");

        // A few requests claim identities nobody should get from them.
        Assert.Contains(csrs, c => c.Spec.SignerName == KubernetesSignerNames.KubeApiServerClient
            && CommonName(c) == "system:kube-controller-manager" && c.Spec.Username.StartsWith("system:serviceaccount:", StringComparison.Ordinal));
        Assert.Contains(csrs, c => c.Spec.SignerName == KubernetesSignerNames.KubeApiServerClientKubelet
            && c.Spec.Username.StartsWith("system:node:", StringComparison.Ordinal) && CommonName(c) != c.Spec.Username);
        Assert.Contains(csrs, c => c.Spec.SignerName == KubernetesSignerNames.KubeletServing
            && c.Spec.Username.StartsWith(BootstrapTokenFormat.UserPrefix, StringComparison.Ordinal));

        // Renewals carry the credential of the certificate that authenticated them, as the API server records it.
        Assert.Contains(csrs, c => c.Spec.Username.StartsWith("system:node:", StringComparison.Ordinal)
            && c.Spec.Extra?.TryGetValue("authentication.kubernetes.io/credential-id", out var id) == true && id.Single().StartsWith("X509SHA256=", StringComparison.Ordinal));
    }

    private static string CommonName(V1CertificateSigningRequest csr) =>
        CertificateRequestFactsReader.TryRead(csr.Spec.Request, out var facts, out _) ? facts!.CommonName : string.Empty;

    [Fact]
    public async Task Tokens_mix_valid_expiring_expired_never_and_malformed_and_authenticate_as_kube_apiserver_would()
    {
        var secrets = (await fleet.Admin.CoreV1.ListNamespacedSecretAsync("kube-system", fieldSelector: "type=" + BootstrapTokenFormat.SecretType)).Items;
        var now = DateTimeOffset.UtcNow;
        DateTimeOffset? Expiration(V1Secret s) =>
            s.Data.TryGetValue(BootstrapTokenFormat.ExpirationKey, out var e) && GoRfc3339.TryParse(Encoding.ASCII.GetString(e), out var t) ? t : null;
        Assert.Contains(secrets, s => !s.Data.ContainsKey(BootstrapTokenFormat.ExpirationKey));
        Assert.Contains(secrets, s => Expiration(s) is { } e && e < now);
        Assert.Contains(secrets, s => Expiration(s) is { } e && e > now && e - now < TimeSpan.FromHours(2));
        Assert.Contains(secrets, s => Expiration(s) is { } e && e - now > TimeSpan.FromHours(3));
        var malformed = secrets.First(s => Encoding.ASCII.GetString(s.Data[BootstrapTokenFormat.ExtraGroupsKey]) == "fleet-workers");

        // Expired tokens are deleted by tokencleaner and kept (Terminating) by their finalizer.
        await SandboxTestCluster.WaitUntilAsync(async () =>
        {
            var current = (await fleet.Admin.CoreV1.ListNamespacedSecretAsync("kube-system", fieldSelector: "type=" + BootstrapTokenFormat.SecretType)).Items;
            return current.Where(s => Expiration(s) is { } e && e < now).All(s => s.Metadata.DeletionTimestamp is not null);
        }, Patience, "tokencleaner marks the expired tokens deleted");

        string Token(V1Secret s) => Encoding.ASCII.GetString(s.Data[BootstrapTokenFormat.TokenIdKey]) + "." + Encoding.ASCII.GetString(s.Data[BootstrapTokenFormat.TokenSecretKey]);
        var valid = secrets.First(s => Expiration(s) is { } e && e - now > TimeSpan.FromHours(3) && s != malformed);
        using (var client = new Kubernetes(fleet.Cluster.CreateTokenConfiguration(Token(valid))))
        {
            var review = await client.AuthenticationV1.CreateSelfSubjectReviewAsync(new V1SelfSubjectReview());
            Assert.Equal(BootstrapTokenFormat.UserPrefix + Encoding.ASCII.GetString(valid.Data[BootstrapTokenFormat.TokenIdKey]), review.Status.UserInfo.Username);
        }

        using (var client = new Kubernetes(fleet.Cluster.CreateTokenConfiguration(Token(malformed))))
        {
            await TestHelpers.FailsWith(HttpStatusCode.Unauthorized, () => client.AuthenticationV1.CreateSelfSubjectReviewAsync(new V1SelfSubjectReview()));
        }
    }

    [Fact]
    public async Task Renewing_nodes_renew_through_the_controllers_and_stuck_ones_stay_pending()
    {
        var renewing = fleet.Fleet.Nodes.Where(n => n.Role == FleetNodeRole.Renewing).ToList();
        var stuck = fleet.Fleet.Nodes.Where(n => n.Role == FleetNodeRole.Stuck).ToList();
        Assert.Equal(6, renewing.Count);
        Assert.Equal(3, stuck.Count);
        Assert.All(renewing.Concat(stuck), n => Assert.NotNull(n.Credentials));

        await SandboxTestCluster.WaitUntilAsync(() => renewing.All(n => n.Renewals > 0), Patience, "every renewing node renewed");
        var all = (await fleet.Admin.CertificatesV1.ListCertificateSigningRequestAsync()).Items;
        foreach (var node in renewing)
        {
            var renewal = Assert.Single(all, c => c.Spec.Username == "system:node:" + node.Name && c.Metadata.CreationTimestamp >= fleet.StartedAt.UtcDateTime.AddSeconds(-1));
            Assert.Contains(renewal.Status.Conditions, c => c.Type == "Approved" && c.Message == CsrApprovingController.SelfNodeClientMessage);
            Assert.Equal(node.Credentials!.CertificatePem.Trim(), Encoding.ASCII.GetString(renewal.Status.Certificate).Trim());
            KubeletTestSupport.AssertOpensslVerifies(fleet.Cluster.CaCertificatePem, node.Credentials.CertificatePem);
            Assert.True(node.Credentials.NotAfter > DateTimeOffset.UtcNow.AddDays(300));
        }

        // csrapproving has seen every CSR by now (it approved the renewals); the stuck nodes' requests are still pending.
        var stuckRequests = all.Where(c => c.Spec.SignerName == KubernetesSignerNames.KubeApiServerClientKubelet && stuck.Any(n => c.Spec.Username == "system:node:" + n.Name)
            && CertificateRequestFactsReader.TryRead(c.Spec.Request, out var facts, out _) && facts!.DnsNames.Count > 0).ToList();
        Assert.True(stuckRequests.Count >= stuck.Count, $"{stuckRequests.Count} stuck renewal requests");
        Assert.All(stuckRequests, c => Assert.Empty(c.Status?.Conditions ?? []));
        Assert.All(stuck, n => Assert.Equal(0, n.Renewals));
    }

    [Fact]
    public async Task Leases_and_node_status_are_renewed_without_a_kubelet_per_node()
    {
        var before = (await fleet.Admin.CoordinationV1.ListNamespacedLeaseAsync("kube-node-lease")).Items.ToDictionary(l => l.Metadata.Name, l => l.Spec.RenewTime);
        await SandboxTestCluster.WaitUntilAsync(async () =>
        {
            var after = (await fleet.Admin.CoordinationV1.ListNamespacedLeaseAsync("kube-node-lease")).Items;
            return after.Count(l => before.TryGetValue(l.Metadata.Name, out var renewed) && l.Spec.RenewTime > renewed) >= 250;
        }, Patience, "most leases renewed");

        var heartbeats = (await fleet.Admin.CoreV1.ListNodeAsync()).Items.ToDictionary(n => n.Metadata.Name, n => n.Status.Conditions.First(c => c.Type == "Ready").LastHeartbeatTime);
        await SandboxTestCluster.WaitUntilAsync(async () =>
        {
            var nodes = (await fleet.Admin.CoreV1.ListNodeAsync()).Items;
            return nodes.Count(n => heartbeats.TryGetValue(n.Metadata.Name, out var seen) && n.Status.Conditions.First(c => c.Type == "Ready").LastHeartbeatTime > seen) >= 250;
        }, Patience, "most nodes reported status again");
    }

    [Fact]
    public async Task The_fleet_is_served_to_kubectl_and_kept_without_csrcleaner()
    {
        var (code, output) = KubeletTestSupport.Kubectl(fleet.Cluster.KubeconfigPath, "get", "csr", "--no-headers");
        Assert.True(code == 0, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length >= 600, $"{lines.Length} CSRs listed");
        Assert.Contains(lines, l => l.TrimEnd().EndsWith("Approved,Issued", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.TrimEnd().EndsWith("Pending", StringComparison.Ordinal));
        (code, output) = KubeletTestSupport.Kubectl(fleet.Cluster.KubeconfigPath, "get", "nodes", "--no-headers");
        Assert.True(code == 0, output);
        Assert.Equal(300, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.StartsWith("fleet-node-", StringComparison.Ordinal)));

        // No csrcleaner: the history older than its ages stays.
        Assert.DoesNotContain(fleet.Cluster.Components.OfType<SandboxControllersComponent>().Single().Manager.Controllers, c => c is CsrCleanerController);
        Assert.Equal(600, (await PreloadedCsrsAsync()).Count);
    }

    [Fact]
    public async Task A_fleet_node_authenticates_as_itself_and_the_node_authorizer_confines_it()
    {
        var node = fleet.Fleet.Nodes.First(n => n.Role == FleetNodeRole.Stuck);
        var configuration = node.Credentials!.CreateClientConfiguration(fleet.Cluster.ServerUri.ToString().TrimEnd('/'),
            [X509CertificateLoader.LoadCertificate(fleet.Cluster.CertificateAuthority.Certificate.RawData)]);
        using var client = new Kubernetes(configuration);
        var own = await client.CoreV1.ReadNodeAsync(node.Name);
        Assert.Equal(node.Name, own.Metadata.Name);
        var other = fleet.Fleet.Nodes.First(n => n.Name != node.Name && n.Registered).Name;
        var ex = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReadNodeAsync(other));
        Assert.Equal(HttpStatusCode.Forbidden, ex.Response.StatusCode);
    }
}

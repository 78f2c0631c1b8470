using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Core.Tokens;
using BootstrapPortal.Sandbox.Controllers;
using BootstrapPortal.Sandbox.Kubelets;
using BootstrapPortal.Sandbox.Server;
using BootstrapPortal.Sandbox.Storage;

namespace BootstrapPortal.Sandbox.Fleet;

/// <summary>
/// Builds the planned fleet and stores it before the watch cache starts: keys, PKCS#10 requests and certificates are made in
/// parallel (one worker per core, each with its own handle on the cluster CA's key and a small pool of P-256 keys for the
/// preloaded history), every request is signed by its key and every certificate by the cluster CA with the validity csrsigning
/// gives; the nodes that renew or are stuck get keys of their own, which the fleet agent then uses.
/// </summary>
internal static class FleetSeeder
{
    /// <summary>Keys per worker for the preloaded history (requests of different CSRs may share a key; each still verifies).</summary>
    public const int KeyPoolPerWorker = 16;

    public static SandboxFleet Seed(ObjectStore store, SandboxCertificateAuthority authority, SandboxOptions options, SandboxTimeScale clock, Random random)
    {
        var watch = Stopwatch.StartNew();
        var fleet = options.Fleet;
        var plan = FleetPlanner.Plan(fleet, clock, options.SigningDuration, random);
        var leaseDuration = (int)Math.Max(1, fleet.LeaseRenewInterval.TotalSeconds * 4);
        var version = SandboxKubeletFleet.DefaultKubeletVersion;

        var nodeUids = plan.Nodes.Select(_ => Guid.NewGuid().ToString()).ToArray();
        var byNode = plan.Csrs.GroupBy(c => c.Node.Index).ToDictionary(g => g.Key, g => g.OrderBy(c => c.Created).ToList());
        var nodeIndices = plan.Nodes.Select(n => n.Index).ToArray();
        var csrObjects = new JsonObject[nodeIndices.Length][];
        var fleetNodes = new FleetNode[nodeIndices.Length];
        var caPkcs12 = authority.CertificateWithKey.Export(X509ContentType.Pkcs12);
        Parallel.For(
            0,
            nodeIndices.Length,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            () => new Worker(caPkcs12, clock),
            (i, _, worker) =>
            {
                var node = plan.Nodes[i];
                var csrs = byNode.GetValueOrDefault(node.Index) ?? [];
                var (built, credentials) = worker.BuildNode(node, csrs, plan, options.SigningDuration);
                csrObjects[i] = built;
                fleetNodes[i] = new FleetNode(node.Name, node.InternalIp, node.Role, node.Registered, credentials, node.RotationDeadline);
                return worker;
            },
            worker => worker.Dispose());

        var flatCsrs = csrObjects.SelectMany(c => c).ToArray();
        Preload(store, ResourceCatalog.CertificateSigningRequests, flatCsrs);

        var registered = plan.Nodes.Where(n => n.Registered).ToArray();
        var nodes = new JsonObject[registered.Length];
        var leases = new JsonObject[registered.Length];
        var nodeTemplate = FleetObjects.NodeTemplate(version, plan.Now);
        Parallel.For(0, registered.Length, i =>
        {
            var node = registered[i];
            var heartbeat = plan.Now - (fleet.NodeStatusInterval * ((double)i / Math.Max(1, registered.Length)));
            nodes[i] = FleetObjects.Node(nodeTemplate, node, nodeUids[node.Index], heartbeat);
            var renew = plan.Now - (fleet.LeaseRenewInterval * ((double)i / Math.Max(1, registered.Length)));
            leases[i] = FleetObjects.Lease(node, nodeUids[node.Index], leaseDuration, renew);
        });
        Preload(store, ResourceCatalog.Nodes, nodes);
        Preload(store, ResourceCatalog.Leases, leases);

        Preload(store, ResourceCatalog.Secrets, [.. plan.Tokens.Select(t => FleetObjects.TokenSecret(t, plan.Now))]);
        var namespaceCreated = plan.Now - clock.Scale(fleet.History);
        Preload(store, ResourceCatalog.Namespaces, [.. plan.Namespaces.Select(n => FleetObjects.Namespace(n, namespaceCreated))]);
        Preload(store, ResourceCatalog.ServiceAccounts, [.. plan.Namespaces.Select(n => FleetObjects.DefaultServiceAccount(n, namespaceCreated))]);
        Preload(store, ResourceCatalog.ClusterRoleBindings, [.. plan.Bindings.Where(b => b.Namespace is null).Select(FleetObjects.Binding)]);
        Preload(store, ResourceCatalog.RoleBindings, [.. plan.Bindings.Where(b => b.Namespace is not null).Select(FleetObjects.Binding)]);

        return new SandboxFleet(fleet, fleetNodes, plan.Csrs.Count(c => c.IsIssued), plan.Csrs.Count(c => !c.IsIssued), plan.Tokens.Count,
            plan.Bindings.Count, watch.Elapsed);
    }

    private static void Preload(ObjectStore store, ResourceDefinition resource, JsonObject[] objects)
    {
        if (objects.Length == 0)
        {
            return;
        }

        store.Preload(resource, objects.Length, (i, resourceVersion) =>
        {
            var obj = objects[i];
            var metadata = (JsonObject)obj["metadata"]!;
            metadata["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture);
            var ns = metadata["namespace"]?.GetValue<string>();
            return (ns, metadata["name"]!.GetValue<string>(), JsonSerializer.SerializeToElement(obj, SandboxJson.Options));
        });
    }

    /// <summary>One parallel worker: its own copy of the CA (and so its own key handle), issuer and key pool.</summary>
    private sealed class Worker : IDisposable
    {
        private readonly X509Certificate2 ca;
        private readonly CsrCertificateIssuer issuer;
        private readonly SandboxTimeScale clock;
        private readonly ECDsa[] pool = new ECDsa[KeyPoolPerWorker];
        private readonly string?[] poolPems = new string?[KeyPoolPerWorker];
        private int next;

        public Worker(byte[] caPkcs12, SandboxTimeScale clock)
        {
            ca = X509CertificateLoader.LoadPkcs12(caPkcs12, null);
            issuer = new CsrCertificateIssuer(ca, clock);
            this.clock = clock;
        }

        public (JsonObject[] Csrs, KubeletCredentials? Credentials) BuildNode(FleetNodePlan node, List<FleetCsrPlan> csrs, FleetPlan plan, TimeSpan ttl)
        {
            // The certificate the node holds now (its request may or may not still be stored): renewing and stuck nodes get a key
            // of their own, steady ones one of the pool.
            KubeletCredentials? current = null;
            string? currentCredential = null;
            ECDsa? currentKey = null;
            try
            {
                if (node.Registered && node.CurrentCertificateIssued is { } issued)
                {
                    currentKey = node.Role == FleetNodeRole.Steady ? Pooled() : ECDsa.Create(ECCurve.NamedCurves.nistP256);
                    var subject = ClientSubject(node.Name, dnsNames: null);
                    var (notBefore, notAfter) = CsrCertificateIssuer.Validity(issued, ttl, clock);
                    using var certificate = issuer.IssueCertificate(Facts(subject, currentKey), KubeletCsrClient.ClientUsages, notBefore, notAfter);
                    current = new KubeletCredentials(certificate, certificate.ExportCertificatePem() + "\n", KeyPem(currentKey));
                    currentCredential = CredentialId(certificate);
                }

                var result = new JsonObject[csrs.Count];
                string? clientCredential = null;
                for (var i = 0; i < csrs.Count; i++)
                {
                    var csr = csrs[i];
                    var spec = RequestSpec(csr, plan);
                    if (current is not null && node.CurrentCertificateIssued <= csr.Created)
                    {
                        clientCredential = currentCredential;
                    }

                    var key = csr.IsCurrent && currentKey is not null ? currentKey : Pooled();
                    var request = new CertificateRequest(spec.Subject, key, HashAlgorithmName.SHA256);
                    if (spec.DnsNames.Count + spec.IpAddresses.Count > 0)
                    {
                        var san = new SubjectAlternativeNameBuilder();
                        foreach (var dns in spec.DnsNames)
                        {
                            san.AddDnsName(dns);
                        }

                        foreach (var ip in spec.IpAddresses)
                        {
                            san.AddIpAddress(ip);
                        }

                        request.CertificateExtensions.Add(san.Build());
                    }

                    var requestPem = request.CreateSigningRequestPem();
                    string? certificatePem = null;
                    string? certificateCredential = null;
                    if (csr.Approved is { } approved)
                    {
                        if (csr.IsCurrent && current is not null)
                        {
                            certificatePem = current.CertificatePem;
                            certificateCredential = currentCredential;
                        }
                        else
                        {
                            var (notBefore, notAfter) = CsrCertificateIssuer.Validity(approved, ttl, clock);
                            using var certificate = issuer.IssueCertificate(Facts(spec, key), spec.Usages, notBefore, notAfter);
                            certificatePem = certificate.ExportCertificatePem() + "\n";
                            certificateCredential = CredentialId(certificate);
                        }
                    }

                    var requester = Requester(csr, clientCredential);
                    result[i] = FleetObjects.Csr(csr, requestPem, requester, spec.SignerName, spec.Usages, certificatePem);
                    if (csr.IsClient && certificatePem is not null && csr.Kind != FleetCsrKind.StuckRenewal)
                    {
                        clientCredential = certificateCredential;
                    }
                }

                return (result, current);
            }
            finally
            {
                if (currentKey is not null && !pool.Contains(currentKey))
                {
                    currentKey.Dispose();
                }
            }
        }

        private ECDsa Pooled()
        {
            var index = next++ % pool.Length;
            return pool[index] ??= ECDsa.Create(ECCurve.NamedCurves.nistP256);
        }

        /// <summary>The key's PEM, made once per pooled key.</summary>
        private string KeyPem(ECDsa key)
        {
            var index = Array.IndexOf(pool, key);
            if (index < 0)
            {
                return key.ExportECPrivateKeyPem();
            }

            return poolPems[index] ??= key.ExportECPrivateKeyPem();
        }

        public void Dispose()
        {
            foreach (var key in pool)
            {
                key?.Dispose();
            }

            ca.Dispose();
        }
    }

    private sealed record RequestSpecification(X500DistinguishedName Subject, string CommonName, IReadOnlyList<string> Organizations,
        IReadOnlyList<string> DnsNames, IReadOnlyList<IPAddress> IpAddresses, string SignerName, IReadOnlyList<string> Usages);

    private static RequestSpecification ClientSubject(string nodeName, IReadOnlyList<string>? dnsNames) =>
        new(SandboxCertificateAuthority.BuildSubject("system:node:" + nodeName, ["system:nodes"]), "system:node:" + nodeName, ["system:nodes"],
            dnsNames ?? [], [], KubernetesSignerNames.KubeApiServerClientKubelet, KubeletCsrClient.ClientUsages);

    private static RequestSpecification RequestSpec(FleetCsrPlan csr, FleetPlan plan)
    {
        var node = csr.Node;
        RequestSpecification Serving(string name, IPAddress ip) =>
            new(SandboxCertificateAuthority.BuildSubject("system:node:" + name, ["system:nodes"]), "system:node:" + name, ["system:nodes"],
                [name], [ip], KubernetesSignerNames.KubeletServing, KubeletCsrClient.ServingUsages);
        return csr.Kind switch
        {
            FleetCsrKind.Bootstrap or FleetCsrKind.Renewal => ClientSubject(node.Name, null),
            FleetCsrKind.StuckRenewal => ClientSubject(node.Name, [node.Name]),
            FleetCsrKind.ServingApproved or FleetCsrKind.ServingPending or FleetCsrKind.ServingFromBootstrapToken => Serving(node.Name, node.InternalIp),
            FleetCsrKind.ClaimsOtherNode => ClientSubject(node.Name, null),
            FleetCsrKind.ClaimsControllerManager => new(SandboxCertificateAuthority.BuildSubject("system:kube-controller-manager", []),
                "system:kube-controller-manager", [], [], [], KubernetesSignerNames.KubeApiServerClient, KubeletCsrClient.ClientUsages),
            FleetCsrKind.ClaimsClusterAdmin => new(SandboxCertificateAuthority.BuildSubject("contractor-admin", ["kubeadm:cluster-admins"]),
                "contractor-admin", ["kubeadm:cluster-admins"], [], [], KubernetesSignerNames.KubeApiServerClient, KubeletCsrClient.ClientUsages),
            _ => throw new InvalidOperationException("Unknown fleet CSR kind " + csr.Kind + " for " + plan.Now.ToString("O", CultureInfo.InvariantCulture)),
        };
    }

    private static FleetRequester Requester(FleetCsrPlan csr, string? nodeCredential)
    {
        const string Authenticated = "system:authenticated";
        return csr.Kind switch
        {
            FleetCsrKind.Bootstrap or FleetCsrKind.ServingFromBootstrapToken => new FleetRequester(
                BootstrapTokenFormat.UserPrefix + csr.TokenId, null, [BootstrapTokenFormat.DefaultGroup, SandboxKubeletFleet.NodeTokenGroup, Authenticated], null),
            FleetCsrKind.ClaimsOtherNode => new FleetRequester(
                "system:node:" + OtherNode(csr.Node.Name), null, ["system:nodes", Authenticated], null),
            FleetCsrKind.ClaimsControllerManager => new FleetRequester(
                "system:serviceaccount:default:ci-runner", Guid.NewGuid().ToString(),
                ["system:serviceaccounts", "system:serviceaccounts:default", Authenticated], "JTI=" + Guid.NewGuid()),
            FleetCsrKind.ClaimsClusterAdmin => new FleetRequester("contractor@fleet.example", null, [Authenticated], null),
            _ => new FleetRequester("system:node:" + csr.Node.Name, null, ["system:nodes", Authenticated], nodeCredential),
        };
    }

    /// <summary>A neighbouring node name of the fleet (the requester of a request for someone else's identity).</summary>
    private static string OtherNode(string name)
    {
        var dash = name.LastIndexOf('-');
        var number = int.Parse(name[(dash + 1)..], CultureInfo.InvariantCulture);
        return name[..(dash + 1)] + (number == 1 ? 2 : number - 1).ToString("00000", CultureInfo.InvariantCulture);
    }

    private static CertificateRequestFacts Facts(RequestSpecification spec, ECDsa key) => new(
        spec.CommonName,
        spec.Organizations,
        spec.DnsNames,
        [.. spec.IpAddresses.Select(ip => ip.ToString())],
        [],
        [],
        spec.Subject.RawData,
        key.ExportSubjectPublicKeyInfo());

    /// <summary>The credential ID the API server records for a client certificate (k8s.io/apiserver pkg/authentication/request/x509).</summary>
    private static string CredentialId(X509Certificate2 certificate) =>
        "X509SHA256=" + Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
}

using System.Net;
using BenchmarkDotNet.Attributes;
using BootstrapPortal.Benchmarks.Fleet;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Rbac;
using k8s.Models;

namespace BootstrapPortal.Benchmarks;

/// <summary>One verdict on a decoded kubelet-serving request, against a fleet's 5,000 Nodes and 2,000 RBAC bindings.</summary>
[MemoryDiagnoser]
public class VerdictBenchmarks
{
    private CsrView _view = null!;
    private CsrVerdictContext _context = null!;

    [GlobalSetup]
    public void Setup()
    {
        var nodes = Enumerable.Range(0, 5000).Select(i => new V1Node
        {
            Metadata = new V1ObjectMeta { Name = $"node-{i:D5}" },
            Status = new V1NodeStatus { Addresses = [new V1NodeAddress { Address = Address(i).ToString(), Type = "InternalIP" }, new V1NodeAddress { Address = $"node-{i:D5}", Type = "Hostname" }] },
        }).ToArray();
        var (cluster, namespaced) = RbacInputs.Bindings(2000);
        _context = new CsrVerdictContext(nodes, new RbacPolicy(RbacInputs.ClusterRoles(), cluster, [], namespaced), DateTimeOffset.UtcNow);
        var csr = new V1CertificateSigningRequest
        {
            Metadata = new V1ObjectMeta { Name = "csr-serving-node-04242", CreationTimestamp = DateTime.UtcNow.AddMinutes(-3) },
            Spec = new V1CertificateSigningRequestSpec
            {
                Request = FleetRequests.KubeletServing("node-04242", Address(4242)),
                SignerName = "kubernetes.io/kubelet-serving",
                Usages = ["digital signature", "server auth"],
                Username = "system:node:node-04242",
                Groups = ["system:nodes", "system:authenticated"],
            },
        };
        _view = CsrViews.Create(csr, new CsrViewContext(DateTimeOffset.UtcNow));
        var verdict = Verdict();
        if (verdict.Result == CsrVerdictResult.Fail)
        {
            throw new InvalidOperationException("a healthy node's serving request fails its verdict: " + string.Join("; ", verdict.FailReasons));
        }
    }

    [Benchmark(Description = "one verdict (kubelet-serving, 5,000 nodes, 2,000 bindings)")]
    public CsrVerdict Verdict() => CsrVerdicts.Evaluate(_view, _context);

    private static IPAddress Address(int i) => new([10, 1, (byte)(i >> 8), (byte)i]);
}

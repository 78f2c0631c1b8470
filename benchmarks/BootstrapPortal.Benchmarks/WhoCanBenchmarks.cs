using BenchmarkDotNet.Attributes;
using BootstrapPortal.Core.Rbac;
using k8s.Models;

namespace BootstrapPortal.Benchmarks;

/// <summary>
/// "Who can approve kubelet-serving CSRs?" over 2,000 bindings: every subject the bindings name is asked the
/// SubjectAccessReview question with <see cref="RbacPolicy.Authorize"/>, the evaluator verdicts use.
/// </summary>
[MemoryDiagnoser]
public class WhoCanBenchmarks
{
    private RbacPolicy _policy = RbacPolicy.Empty;
    private RbacRequest[] _subjects = [];

    [Params(2000)]
    public int Bindings { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var (cluster, namespaced) = RbacInputs.Bindings(Bindings);
        _policy = new RbacPolicy(RbacInputs.ClusterRoles(), cluster, [], namespaced);
        _subjects = [.. cluster.SelectMany(b => b.Subjects ?? []).Concat(namespaced.SelectMany(b => b.Subjects ?? []))
            .Select(AsRequest).DistinctBy(r => (r.User, string.Join(',', r.Groups)))];
        if (WhoCanApprove() == 0)
        {
            throw new InvalidOperationException("nobody can approve in the benchmark policy; the question would be trivial");
        }
    }

    [Benchmark(Description = "who-can approve serving CSRs, 2,000 bindings")]
    public int WhoCanApprove()
    {
        var allowed = 0;
        foreach (var subject in _subjects)
        {
            if (_policy.Authorize(subject with { Verb = "update", ApiGroup = "certificates.k8s.io", Resource = "certificatesigningrequests", Subresource = "approval" }).Allowed
                && _policy.Authorize(subject with { Verb = "approve", ApiGroup = "certificates.k8s.io", Resource = "signers", Name = "kubernetes.io/kubelet-serving" }).Allowed)
            {
                allowed++;
            }
        }

        return allowed;
    }

    private static RbacRequest AsRequest(Rbacv1Subject subject) => subject.Kind switch
    {
        "ServiceAccount" => RbacRequest.ForResource($"system:serviceaccount:{subject.NamespaceProperty}:{subject.Name}",
            ["system:serviceaccounts", $"system:serviceaccounts:{subject.NamespaceProperty}", "system:authenticated"], "get", "", "nodes"),
        "Group" => RbacRequest.ForResource("member-of-" + subject.Name, [subject.Name, "system:authenticated"], "get", "", "nodes"),
        _ => RbacRequest.ForResource(subject.Name, ["system:authenticated"], "get", "", "nodes"),
    };
}

using BenchmarkDotNet.Attributes;
using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Core.Rbac;

namespace BootstrapPortal.Benchmarks;

/// <summary>
/// "Who can approve kubelet-serving CSRs?" over 2,000 bindings, as the RBAC audit asks it: the question of
/// <see cref="WhoCanQuestions"/> answered by <see cref="RbacWhoCan.EvaluateAll"/> (the subject locator over the bindings).
/// </summary>
[MemoryDiagnoser]
public class WhoCanBenchmarks
{
    private RbacPolicy _policy = RbacPolicy.Empty;
    private WhoCanQuestion _question = null!;

    [Params(2000)]
    public int Bindings { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var (cluster, namespaced) = RbacInputs.Bindings(Bindings);
        _policy = new RbacPolicy(RbacInputs.ClusterRoles(), cluster, [], namespaced);
        _question = WhoCanQuestions.All().Single(q => q.Id == "approve:" + KubernetesSignerNames.KubeletServing);
        if (WhoCanApprove() <= 1)
        {
            throw new InvalidOperationException("only system:masters can approve in the benchmark policy; the question would be trivial");
        }
    }

    [Benchmark(Description = "who-can approve serving CSRs, 2,000 bindings")]
    public int WhoCanApprove() => RbacWhoCan.EvaluateAll(_policy, _question.AllOf).Complete.Count;
}

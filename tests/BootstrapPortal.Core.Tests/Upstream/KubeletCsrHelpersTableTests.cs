using System.Text.Json.Nodes;
using BootstrapPortal.Core.Certificates;

namespace BootstrapPortal.Core.Tests.Upstream;

/// <summary>
/// IsKubeletClientCSR and IsKubeletServingCSR (k/k pkg/apis/certificates/v1beta1/defaults_test.go, data in
/// kubelet_csr_helpers_test.json) against the shared rules <see cref="KubeletCsrRules"/> the signer, the approver and the verdict use.
/// </summary>
public class KubeletCsrHelpersTableTests
{
    private static readonly JsonObject Data = UpstreamData.Load("kubelet_csr_helpers_test.json");

    public static TheoryData<string, string, string, string, string[], string[], string[], string[], string[], bool> Cases()
    {
        var data = new TheoryData<string, string, string, string, string[], string[], string[], string[], string[], bool>();
        foreach (var test in Data["tests"]!.AsArray())
        {
            foreach (var item in test!["cases"]!.AsArray())
            {
                var baseline = Data["bases"]![item!["base"]!.GetValue<string>()]!;
                var overlay = item["overlay"];
                string Text(string field) => overlay?[field] is { } value && value.GetValue<string>().Length > 0 ? value.GetValue<string>() : baseline[field]!.GetValue<string>();
                string[] List(string field) => overlay?[field] is JsonArray list ? UpstreamData.Strings(list) : UpstreamData.Strings(baseline[field]);
                data.Add($"{test["test"]}: {item["name"]}", test["function"]!.GetValue<string>(), Text("cn"), Text("org"), List("dnsNames"), List("ipAddresses"),
                    List("emailAddresses"), List("uris"), UpstreamData.Strings(item["usages"]), item["exp"]!.GetValue<bool>());
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Kubelet_csr_checks(string label, string function, string commonName, string organization, string[] dns, string[] ips, string[] emails,
        string[] uris, string[] usages, bool expected)
    {
        var facts = UpstreamData.Facts(UpstreamData.RequestPem(commonName, [organization], dns, ips, emails, uris));
        var actual = function == "IsKubeletServingCSR"
            ? KubeletCsrRules.ValidateKubeletServing(facts, usages) is null
            : KubeletCsrRules.ValidateKubeletClient(facts, usages) is null;
        Assert.True(expected == actual, $"{label}: expected {expected}");
    }

    [Fact]
    public void Every_case_is_ported() => Assert.Equal(20, Cases().Count);
}

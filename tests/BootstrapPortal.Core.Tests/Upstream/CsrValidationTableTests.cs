using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BootstrapPortal.Sandbox.Certificates;

namespace BootstrapPortal.Core.Tests.Upstream;

/// <summary>
/// CSR validation (k/k pkg/apis/certificates/validation/validation_test.go, data in validation_test.json) against the
/// sandbox's implementation, which kube-apiserver's behaviour there must match for our tests to mean anything.
/// </summary>
public class CsrValidationTableTests
{
    private static readonly JsonObject Data = UpstreamData.Load("validation_test.json");
    private static readonly string ValidRequest = Convert.ToBase64String(UpstreamData.RequestPem(string.Empty, ["testing-org"]));

    public static TheoryData<string, int, int> Cases()
    {
        var data = new TheoryData<string, int, int>();
        var tests = Data["tests"]!.AsArray();
        for (var t = 0; t < tests.Count; t++)
        {
            var cases = tests[t]!["cases"]!.AsArray();
            for (var c = 0; c < cases.Count; c++)
            {
                data.Add($"{tests[t]!["test"]}: {cases[c]!["name"]}", t, c);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validation(string label, int testIndex, int caseIndex)
    {
        var test = Data["tests"]![testIndex]!;
        var item = test["cases"]![caseIndex]!;
        var subresource = test["subresource"]?.GetValue<string>();
        if (test["options"]?.GetValue<bool>() == true)
        {
            // Strict: validated as a create. Lenient: the same object already stored is tolerated on update.
            var strict = Messages(CsrValidation.Validate(Object(item["csr"]!), null, null));
            AssertErrors(label, item, strict, "strictErrors");
            Assert.True(Messages(CsrValidation.Validate(Object(item["csr"]!), Object(item["csr"]!), subresource)).Length == 0,
                $"{label}: the stored object's own problems are tolerated on update");
            return;
        }

        var old = item["old"] is { } o ? Object(o) : null;
        AssertErrors(label, item, Messages(CsrValidation.Validate(Object(item["new"]!), old, subresource)), "errors");
    }

    [Fact]
    public void Every_case_is_ported() => Assert.Equal(68, Cases().Count);

    private static void AssertErrors(string label, JsonNode item, string[] actual, string field)
    {
        var expected = UpstreamData.Strings(item[field]).Select(UpstreamData.Expand).ToList();
        var remaining = actual.ToList();
        if (item["strictPattern"] is { } pattern)
        {
            // Where the sandbox cannot match upstream's text, the data says why and gives the ported expectation.
            var difference = item["knownDifference"];
            var regex = difference is null ? pattern.GetValue<string>() : Regex.Escape(difference["portedPattern"]!.GetValue<string>());
            Assert.False(string.IsNullOrWhiteSpace(difference?["reason"]?.GetValue<string>()), label + ": a known difference states its reason");
            Assert.True(remaining.RemoveAll(m => Regex.IsMatch(m, regex)) > 0, $"{label}: no error matches {regex}: {string.Join(" | ", actual)}");
        }

        Assert.True(expected.Order(StringComparer.Ordinal).SequenceEqual(remaining.Order(StringComparer.Ordinal)),
            $"{label}:\nexpected {string.Join("\n  ", expected)}\nactual   {string.Join("\n  ", remaining)}");
    }

    private static string[] Messages(IEnumerable<object> errors) => [.. errors.Select(e => e.ToString()!)];

    private static JsonObject Object(JsonNode source)
    {
        var copy = JsonNode.Parse(source.ToJsonString())!.AsObject();
        if (copy["spec"] is JsonValue named)
        {
            copy["spec"] = JsonNode.Parse(Data["specs"]![named.GetValue<string>().TrimStart('$')]!.ToJsonString());
        }

        var spec = copy["spec"]!.AsObject();
        if (spec["signerName"] is JsonValue signer)
        {
            spec["signerName"] = UpstreamData.Expand(signer.GetValue<string>());
        }

        spec["request"] = spec["request"] switch
        {
            null => null,
            JsonValue v when v.GetValue<string>() == "$validRequest" => ValidRequest,
            JsonObject text => Convert.ToBase64String(Encoding.UTF8.GetBytes(text["text"]!.GetValue<string>())),
            var other => other.DeepClone(),
        };
        if (spec["request"] is null)
        {
            spec.Remove("request");
        }

        if (copy["status"]?["certificate"] is JsonValue certificate)
        {
            var pem = Data["certificates"]![certificate.GetValue<string>().TrimStart('$')]!.GetValue<string>();
            copy["status"]!["certificate"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(pem));
        }

        return copy;
    }
}

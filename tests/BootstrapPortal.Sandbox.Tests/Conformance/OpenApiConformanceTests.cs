using System.Text.Json.Nodes;

namespace BootstrapPortal.Sandbox.Tests.Conformance;

/// <summary>
/// The OpenAPI v3 schemas of the served kinds (k8s.io/kube-openapi pkg/builder3, k8s.io/apiserver pkg/endpoints/openapi)
/// as <c>kubectl explain</c> reads them (k8s.io/kubectl pkg/explain/v2).
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class OpenApiConformanceTests(SandboxFixture fixture)
{
    private async Task<string> KubectlAsync(params string[] args)
    {
        var (code, output, error) = await KubectlRunner.RunAsync(fixture.Cluster.KubeconfigPath, KubectlRunner.Kubectl, args);
        Assert.True(code == 0, $"kubectl {string.Join(' ', args)} failed ({code}): {error}");
        return output;
    }

    [Fact(Timeout = 120_000)]
    public async Task Kubectl_explain_shows_the_fields_and_descriptions_of_a_csr_spec()
    {
        var output = await KubectlAsync("explain", "certificatesigningrequest.spec");
        Assert.Contains("GROUP:      certificates.k8s.io", output, StringComparison.Ordinal);
        Assert.Contains("KIND:       CertificateSigningRequest", output, StringComparison.Ordinal);
        Assert.Contains("VERSION:    v1", output, StringComparison.Ordinal);
        Assert.Contains("signerName\t<string>", output, StringComparison.Ordinal);
        Assert.Contains("usages\t<[]string>", output, StringComparison.Ordinal);
        Assert.Contains("extra\t<map[string][]string>", output, StringComparison.Ordinal);
        Assert.Contains("request\t<string>", output, StringComparison.Ordinal);
        Assert.Contains("kubernetes.io/kube-apiserver-client-kubelet", output, StringComparison.Ordinal);

        var conditions = await KubectlAsync("explain", "csr.status.conditions.lastUpdateTime");
        Assert.Contains("FIELD: lastUpdateTime <string>", conditions, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task Kubectl_explain_follows_references_into_shared_types_and_other_groups()
    {
        var metadata = await KubectlAsync("explain", "nodes.metadata.ownerReferences");
        Assert.Contains("KIND:       Node", metadata, StringComparison.Ordinal);
        Assert.Contains("uid\t<string>", metadata, StringComparison.Ordinal);

        var subjects = await KubectlAsync("explain", "clusterrolebinding.subjects", "--recursive");
        Assert.Contains("GROUP:      rbac.authorization.k8s.io", subjects, StringComparison.Ordinal);
        Assert.Contains("apiGroup\t<string>", subjects, StringComparison.Ordinal);
        Assert.Contains("namespace\t<string>", subjects, StringComparison.Ordinal);

        var lease = await KubectlAsync("explain", "lease.spec.renewTime");
        Assert.Contains("coordination.k8s.io", lease, StringComparison.Ordinal);

        var (code, _, error) = await KubectlRunner.RunAsync(fixture.Cluster.KubeconfigPath, KubectlRunner.Kubectl, "explain", "csr.spec.noSuchField");
        Assert.NotEqual(0, code);
        Assert.Contains("noSuchField", error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task Group_version_documents_carry_component_schemas_with_their_kinds()
    {
        var (status, body, _) = await TestHelpers.SendRawAsync(fixture.Admin, HttpMethod.Get, "/openapi/v3");
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        var url = JsonNode.Parse(body)!["paths"]!["apis/certificates.k8s.io/v1"]!["serverRelativeURL"]!.GetValue<string>();
        (status, body, _) = await TestHelpers.SendRawAsync(fixture.Admin, HttpMethod.Get, url);
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        var document = JsonNode.Parse(body)!;
        var schemas = document["components"]!["schemas"]!.AsObject();
        var csr = schemas["io.k8s.api.certificates.v1.CertificateSigningRequest"]!;
        var gvk = Assert.Single(csr["x-kubernetes-group-version-kind"]!.AsArray())!;
        Assert.Equal("certificates.k8s.io", gvk["group"]!.GetValue<string>());
        Assert.Equal("CertificateSigningRequest", gvk["kind"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
            csr["properties"]!["metadata"]!["allOf"]![0]!["$ref"]!.GetValue<string>());
        Assert.Equal("byte", schemas["io.k8s.api.certificates.v1.CertificateSigningRequestSpec"]!["properties"]!["request"]!["format"]!.GetValue<string>());

        // Every reference resolves inside the document.
        foreach (var reference in References(document))
        {
            Assert.True(schemas.ContainsKey(reference["#/components/schemas/".Length..]), reference + " is not in the document");
        }
    }

    // The required lists, enums and list/map extensions of upstream's api/openapi-spec/v3 documents
    // (k8s.io/kube-openapi pkg/builder3; the +listType/+listMapKey/+mapType markers of k8s.io/api).
    [Fact(Timeout = 120_000)]
    public async Task Schemas_carry_required_fields_enums_and_list_extensions()
    {
        var (_, root, _) = await TestHelpers.SendRawAsync(fixture.Admin, HttpMethod.Get, "/openapi/v3");
        async Task<JsonObject> SchemasAsync(string key)
        {
            var url = JsonNode.Parse(root)!["paths"]![key]!["serverRelativeURL"]!.GetValue<string>();
            var (_, body, _) = await TestHelpers.SendRawAsync(fixture.Admin, HttpMethod.Get, url);
            return JsonNode.Parse(body)!["components"]!["schemas"]!.AsObject();
        }

        var certificates = await SchemasAsync("apis/certificates.k8s.io/v1");
        var spec = certificates["io.k8s.api.certificates.v1.CertificateSigningRequestSpec"]!;
        Assert.Equal("""["request","signerName"]""", spec["required"]!.ToJsonString());
        Assert.Equal("atomic", spec["properties"]!["usages"]!["x-kubernetes-list-type"]!.GetValue<string>());
        var conditions = certificates["io.k8s.api.certificates.v1.CertificateSigningRequestStatus"]!["properties"]!["conditions"]!;
        Assert.Equal("map", conditions["x-kubernetes-list-type"]!.GetValue<string>());
        Assert.Equal("""["type"]""", conditions["x-kubernetes-list-map-keys"]!.ToJsonString());
        Assert.Equal("""["Approved","Denied","Failed"]""",
            certificates["io.k8s.api.certificates.v1.CertificateSigningRequestCondition"]!["properties"]!["type"]!["enum"]!.ToJsonString());
        Assert.Equal("set", certificates["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]!["properties"]!["finalizers"]!["x-kubernetes-list-type"]!.GetValue<string>());

        var core = await SchemasAsync("api/v1");
        var addresses = core["io.k8s.api.core.v1.NodeStatus"]!["properties"]!["addresses"]!;
        Assert.Equal("type", addresses["x-kubernetes-patch-merge-key"]!.GetValue<string>());
        Assert.Equal("merge", addresses["x-kubernetes-patch-strategy"]!.GetValue<string>());

        var rbac = await SchemasAsync("apis/rbac.authorization.k8s.io/v1");
        Assert.Equal("atomic", rbac["io.k8s.api.rbac.v1.RoleRef"]!["x-kubernetes-map-type"]!.GetValue<string>());
        Assert.Equal("atomic", rbac["io.k8s.api.rbac.v1.ClusterRoleBinding"]!["properties"]!["subjects"]!["x-kubernetes-list-type"]!.GetValue<string>());

        var explained = await KubectlAsync("explain", "csr.spec");
        Assert.Contains("request\t<string> -required-", explained, StringComparison.Ordinal);
        Assert.Contains("signerName\t<string> -required-", explained, StringComparison.Ordinal);
    }

    // k8s.io/kube-openapi pkg/handler: /openapi/v2 as JSON unless protobuf is asked for, definitions with plain $ref.
    [Fact(Timeout = 120_000)]
    public async Task Openapi_v2_json_carries_definitions_for_the_served_kinds()
    {
        var (status, body, response) = await TestHelpers.SendRawAsync(fixture.Admin, HttpMethod.Get, "/openapi/v2");
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var document = JsonNode.Parse(body)!;
        Assert.Equal("2.0", document["swagger"]!.GetValue<string>());
        var definitions = document["definitions"]!.AsObject();
        var csr = definitions["io.k8s.api.certificates.v1.CertificateSigningRequest"]!;
        Assert.Equal("CertificateSigningRequest", csr["x-kubernetes-group-version-kind"]![0]!["kind"]!.GetValue<string>());
        Assert.Equal("#/definitions/io.k8s.api.certificates.v1.CertificateSigningRequestSpec", csr["properties"]!["spec"]!["$ref"]!.GetValue<string>());
        Assert.Equal("type", definitions["io.k8s.api.core.v1.NodeStatus"]!["properties"]!["addresses"]!["x-kubernetes-patch-merge-key"]!.GetValue<string>());
        Assert.True(definitions.ContainsKey("io.k8s.api.events.v1.Event"));
        foreach (var reference in References(document))
        {
            Assert.True(definitions.ContainsKey(reference["#/definitions/".Length..]), reference + " is not defined");
        }
    }

    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => p.Key == "$ref" && p.Value is JsonValue v ? [v.GetValue<string>()] : References(p.Value)),
        JsonArray array => array.SelectMany(References),
        _ => [],
    };
}

using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace BootstrapPortal.Sandbox.Tests.Conformance;

/// <summary>
/// Server-side apply and managedFields as kube-apiserver keeps them: k8s.io/apiserver pkg/endpoints/handlers/patch.go
/// (applyPatcher), pkg/endpoints/handlers/fieldmanager (the managers, stripped fields, conflict errors) and
/// sigs.k8s.io/structured-merge-diff merge/update.go (merge, prune, conflicts) — checked with kubectl, the C# client and raw HTTP.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class ServerSideApplyConformanceTests(SandboxFixture fixture)
{
    private async Task<(int Code, string Output, string Error)> KubectlAsync(params string[] args) =>
        await KubectlRunner.RunAsync(fixture.Cluster.KubeconfigPath, KubectlRunner.Kubectl, args);

    private async Task<string> KubectlOkAsync(params string[] args)
    {
        var (code, output, error) = await KubectlAsync(args);
        Assert.True(code == 0, $"kubectl {string.Join(' ', args)} failed ({code}): {error}");
        return output;
    }

    private static string Manifest(string yaml)
    {
        var path = Path.Combine(Path.GetTempPath(), "ssa-" + Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private async Task<JsonObject> RawGetAsync(string path)
    {
        var (status, body, _) = await TestHelpers.SendRawAsync(fixture.Admin, HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.OK, status);
        return JsonNode.Parse(body)!.AsObject();
    }

    private static JsonObject Entry(JsonObject obj, string manager, string operation) =>
        obj["metadata"]!["managedFields"]!.AsArray().Select(e => e!.AsObject())
            .Single(e => e["manager"]!.GetValue<string>() == manager && e["operation"]!.GetValue<string>() == operation);

    private static string ConfigMapYaml(string name, string labels, string data) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
          namespace: default
          labels:
        {labels}
        data:
        {data}
        """;

    // fieldmanager/internal/managedfieldsupdater.go, stripmeta.go: a create records an Update entry owning what it set, name
    // and identity stripped, time to the second; kubectl create names itself kubectl-create.
    [Fact(Timeout = 120_000)]
    public async Task Kubectl_create_records_an_update_entry_with_the_fields_it_set()
    {
        var name = TestNames.Unique("ssa-create");
        await KubectlOkAsync("create", "configmap", name, "-n", "default", "--from-literal=a=1");
        var obj = await RawGetAsync($"/api/v1/namespaces/default/configmaps/{name}");
        var entry = Entry(obj, "kubectl-create", "Update");
        Assert.Equal("v1", entry["apiVersion"]!.GetValue<string>());
        Assert.Equal("FieldsV1", entry["fieldsType"]!.GetValue<string>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", entry["time"]!.GetValue<string>());
        Assert.Equal("""{"f:data":{".":{},"f:a":{}}}""", entry["fieldsV1"]!.ToJsonString());

        // kubectl hides them unless asked.
        Assert.DoesNotContain("managedFields", await KubectlOkAsync("get", "configmap", name, "-n", "default", "-o", "yaml"), StringComparison.Ordinal);
        var shown = await KubectlOkAsync("get", "configmap", name, "-n", "default", "-o", "yaml", "--show-managed-fields");
        Assert.Contains("manager: kubectl-create", shown, StringComparison.Ordinal);
        Assert.Contains("operation: Update", shown, StringComparison.Ordinal);
    }

    // rest.go managerOrUserAgent: without fieldManager the program name of the User-Agent is the manager.
    [Fact(Timeout = 120_000)]
    public async Task A_write_without_field_manager_is_owned_by_the_user_agent_program()
    {
        var name = TestNames.Unique("ssa-ua");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(fixture.Admin.BaseUri, "/api/v1/namespaces/default/configmaps"))
        {
            Content = new StringContent("{\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"x\":\"1\"}}}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.UserAgent.ParseAdd("bootstrap-test/1.2.3");
        using var response = await fixture.Admin.HttpClient.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var obj = await RawGetAsync($"/api/v1/namespaces/default/configmaps/{name}");
        Assert.Equal("""{"f:metadata":{"f:labels":{".":{},"f:x":{}}}}""", Entry(obj, "bootstrap-test", "Update")["fieldsV1"]!.ToJsonString());
    }

    // validation.go ValidatePatchOptions: apply needs a fieldManager; force only with apply.
    [Fact(Timeout = 120_000)]
    public async Task Apply_without_field_manager_and_force_without_apply_are_invalid_options()
    {
        var name = TestNames.Unique("ssa-opts");
        var body = $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"}}""";
        var (status, text, _) = await TestHelpers.SendRawAsync(fixture.Admin, HttpMethod.Patch, $"/api/v1/namespaces/default/configmaps/{name}", body, "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch", JsonNode.Parse(text)!["message"]!.GetValue<string>());

        await fixture.Admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name } }, "default");
        (status, text, _) = await TestHelpers.SendRawAsync(fixture.Admin, HttpMethod.Patch, $"/api/v1/namespaces/default/configmaps/{name}?force=true",
            """{"data":{"a":"b"}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("force: Forbidden: may not be specified for non-apply patch", text, StringComparison.Ordinal);
    }

    // patch.go applyPatcher creates a missing object; structured-merge-diff merge/update.go prune removes what the applier
    // owned alone and stopped sending.
    [Fact(Timeout = 120_000)]
    public async Task Kubectl_apply_server_side_creates_then_prunes_fields_it_no_longer_sends()
    {
        var name = TestNames.Unique("ssa-apply");
        var first = Manifest(ConfigMapYaml(name, "    keep: \"1\"\n    drop: \"1\"", "  a: one\n  b: two"));
        Assert.Contains("serverside-applied", await KubectlOkAsync("apply", "--server-side", "-f", first), StringComparison.Ordinal);
        var created = await RawGetAsync($"/api/v1/namespaces/default/configmaps/{name}");
        var entry = Entry(created, "kubectl", "Apply");
        Assert.Equal("""{"f:data":{"f:a":{},"f:b":{}},"f:metadata":{"f:labels":{"f:drop":{},"f:keep":{}}}}""", entry["fieldsV1"]!.ToJsonString());

        var second = Manifest(ConfigMapYaml(name, "    keep: \"1\"", "  a: one"));
        await KubectlOkAsync("apply", "--server-side", "-f", second);
        var pruned = await RawGetAsync($"/api/v1/namespaces/default/configmaps/{name}");
        Assert.Equal("""{"keep":"1"}""", pruned["metadata"]!["labels"]!.ToJsonString());
        Assert.Equal("""{"a":"one"}""", pruned["data"]!.ToJsonString());

        // The same apply again changes nothing, not even the resourceVersion.
        await KubectlOkAsync("apply", "--server-side", "-f", second);
        var again = await RawGetAsync($"/api/v1/namespaces/default/configmaps/{name}");
        Assert.Equal(pruned["metadata"]!["resourceVersion"]!.GetValue<string>(), again["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    // fieldmanager/internal/conflict.go NewConflictError, getConflictMessage, printManager; --force-conflicts takes ownership.
    [Fact(Timeout = 120_000)]
    public async Task Apply_over_a_client_side_apply_conflicts_until_forced()
    {
        var name = TestNames.Unique("ssa-conflict");
        await KubectlOkAsync("apply", "-f", Manifest(ConfigMapYaml(name, "    x: old", "  a: one")));
        var owner = Entry(await RawGetAsync($"/api/v1/namespaces/default/configmaps/{name}"), "kubectl-client-side-apply", "Update");
        var at = owner["time"]!.GetValue<string>();

        var changed = Manifest(ConfigMapYaml(name, "    x: new", "  a: one"));
        var (code, _, error) = await KubectlAsync("apply", "--server-side", "-f", changed);
        Assert.NotEqual(0, code);
        Assert.Contains($"Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using v1 at {at}: .metadata.labels.x", error, StringComparison.Ordinal);

        var body = $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}","labels":{"x":"new"}},"data":{"a":"changed"}}""";
        var (status, text, _) = await TestHelpers.SendRawAsync(fixture.Admin, HttpMethod.Patch,
            $"/api/v1/namespaces/default/configmaps/{name}?fieldManager=tool", body, "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.Conflict, status);
        var conflict = JsonNode.Parse(text)!;
        Assert.Equal("Conflict", conflict["reason"]!.GetValue<string>());
        Assert.StartsWith("Apply failed with 2 conflicts: conflicts with \"kubectl-client-side-apply\" using v1 at ", conflict["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var causes = conflict["details"]!["causes"]!.AsArray();
        Assert.Equal(["FieldManagerConflict", "FieldManagerConflict"], causes.Select(c => c!["type"]!.GetValue<string>()));
        Assert.Equal([".data.a", ".metadata.labels.x"], causes.Select(c => c!["field"]!.GetValue<string>()).Order(StringComparer.Ordinal));

        await KubectlOkAsync("apply", "--server-side", "--force-conflicts", "-f", changed);
        var forced = await RawGetAsync($"/api/v1/namespaces/default/configmaps/{name}");
        Assert.Equal("new", forced["metadata"]!["labels"]!["x"]!.GetValue<string>());
        Assert.Contains("f:x", Entry(forced, "kubectl", "Apply")["fieldsV1"]!.ToJsonString(), StringComparison.Ordinal);
        var previous = Entry(forced, "kubectl-client-side-apply", "Update")["fieldsV1"]!.ToJsonString();
        Assert.DoesNotContain("f:x", previous, StringComparison.Ordinal);
        Assert.Contains("f:a", previous, StringComparison.Ordinal);
    }

    // The official client's apply patch (V1Patch.PatchType.ApplyPatch sends application/apply-patch+yaml).
    [Fact(Timeout = 120_000)]
    public async Task The_csharp_client_applies_a_yaml_secret_and_a_dry_run_stores_nothing()
    {
        var name = TestNames.Unique("ssa-secret");
        await fixture.Admin.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = name }, StringData = new Dictionary<string, string> { ["other"] = "x" } }, "default", fieldManager: "portal");
        // The client writes a string patch as raw JSON, so its apply configuration is JSON (which is YAML too).
        var configuration = $$$"""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"{{{name}}}","namespace":"default","labels":{"owner":"tokens"}},"data":{"token-id":"YWJjZGVm"},"type":"Opaque"}""";
        var preview = await fixture.Admin.CoreV1.PatchNamespacedSecretAsync(new V1Patch(configuration, V1Patch.PatchType.ApplyPatch), name, "default", fieldManager: "token-applier", dryRun: "All");
        Assert.Equal("tokens", preview.Metadata.Labels["owner"]);
        Assert.Null((await fixture.Admin.CoreV1.ReadNamespacedSecretAsync(name, "default")).Metadata.Labels);

        var applied = await fixture.Admin.CoreV1.PatchNamespacedSecretAsync(new V1Patch(configuration, V1Patch.PatchType.ApplyPatch), name, "default", fieldManager: "token-applier");
        Assert.Equal(["other", "token-id"], applied.Data.Keys.Order(StringComparer.Ordinal));
        var entry = applied.Metadata.ManagedFields.Single(e => e.Manager == "token-applier");
        Assert.Equal("Apply", entry.Operation);
        var fields = JsonNode.Parse(KubernetesJson.Serialize(entry.FieldsV1))!.ToJsonString();
        Assert.Contains("\"f:owner\"", fields, StringComparison.Ordinal);
        Assert.Contains("\"f:type\"", fields, StringComparison.Ordinal);
        Assert.Contains(applied.Metadata.ManagedFields, e => e.Manager == "portal" && e.Operation == "Update");

        // A YAML body, as application/apply-patch+yaml names it.
        var yaml = $"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: {name}
              labels:
                owner: tokens
                tier: bootstrap
            """;
        var (status, text, _) = await TestHelpers.SendRawAsync(fixture.Admin, HttpMethod.Patch,
            $"/api/v1/namespaces/default/secrets/{name}?fieldManager=token-applier", yaml, "application/apply-patch+yaml");
        Assert.True(status == HttpStatusCode.OK, text);
        var secret = JsonNode.Parse(text)!;
        Assert.Equal("bootstrap", secret["metadata"]!["labels"]!["tier"]!.GetValue<string>());

        // token-id was applied before and is not any more: it goes; "other" belongs to the creator and stays.
        Assert.Equal("""{"other":"eA=="}""", secret["data"]!.ToJsonString());
    }

    // kubectl diff --server-side sends a dry-run apply; the object stays as it is.
    [Fact(Timeout = 120_000)]
    public async Task Kubectl_diff_server_side_shows_the_change_without_making_it()
    {
        var name = TestNames.Unique("ssa-diff");
        await KubectlOkAsync("apply", "--server-side", "-f", Manifest(ConfigMapYaml(name, "    x: \"1\"", "  a: one")));
        var (code, output, error) = await KubectlAsync("diff", "--server-side", "-f", Manifest(ConfigMapYaml(name, "    x: \"1\"", "  a: two")));
        Assert.True(code == 1, $"kubectl diff exit {code}: {error}");
        Assert.Contains("-  a: one", output, StringComparison.Ordinal);
        Assert.Contains("+  a: two", output, StringComparison.Ordinal);
        Assert.Equal("one", (await fixture.Admin.CoreV1.ReadNamespacedConfigMapAsync(name, "default")).Data["a"]);
    }

    // CSR status.conditions is an associative list keyed by type (x-kubernetes-list-map-keys); the approval subresource is named.
    [Fact(Timeout = 120_000)]
    public async Task Approval_owns_its_condition_by_type_under_the_approval_subresource()
    {
        var name = TestNames.Unique("ssa-csr");
        await fixture.Admin.CertificatesV1.CreateCertificateSigningRequestAsync(TestHelpers.KubeletClientCsr(name), fieldManager: "kubelet");
        var csr = await fixture.Admin.CertificatesV1.ReadCertificateSigningRequestAsync(name);
        csr.Status.Conditions = [new V1CertificateSigningRequestCondition { Type = "Approved", Status = "True", Reason = "AutoApproved", Message = "ok" }];
        await fixture.Admin.CertificatesV1.ReplaceCertificateSigningRequestApprovalAsync(csr, name, fieldManager: "approver");

        var obj = await RawGetAsync($"/apis/certificates.k8s.io/v1/certificatesigningrequests/{name}");
        var creator = Entry(obj, "kubelet", "Update");
        Assert.Equal("""{"f:spec":{"f:expirationSeconds":{},"f:request":{},"f:signerName":{},"f:usages":{}}}""".Replace("\"f:expirationSeconds\":{},", csr.Spec.ExpirationSeconds is null ? string.Empty : "\"f:expirationSeconds\":{},", StringComparison.Ordinal),
            creator["fieldsV1"]!.ToJsonString());
        var approval = Entry(obj, "approver", "Update");
        Assert.Equal("approval", approval["subresource"]!.GetValue<string>());
        var condition = approval["fieldsV1"]!["f:status"]!["f:conditions"]!["k:{\"type\":\"Approved\"}"]!.AsObject();
        Assert.True(condition.ContainsKey("."));
        Assert.True(condition.ContainsKey("f:reason"));
        Assert.True(condition.ContainsKey("f:lastUpdateTime"));
    }

    // Node status.addresses is keyed by type: two appliers of different addresses merge instead of replacing each other.
    [Fact(Timeout = 120_000)]
    public async Task Appliers_of_different_node_addresses_merge_by_type()
    {
        var name = TestNames.Unique("ssa-node");
        await fixture.Admin.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = name } });
        string Status(string type, string address) =>
            $$$"""{"apiVersion":"v1","kind":"Node","metadata":{"name":"{{{name}}}"},"status":{"addresses":[{"type":"{{{type}}}","address":"{{{address}}}"}]}}""";
        var (status, text, _) = await TestHelpers.SendRawAsync(fixture.Admin, HttpMethod.Patch, $"/api/v1/nodes/{name}/status?fieldManager=a", Status("InternalIP", "10.0.0.1"), "application/apply-patch+yaml");
        Assert.True(status == HttpStatusCode.OK, text);
        (status, text, _) = await TestHelpers.SendRawAsync(fixture.Admin, HttpMethod.Patch, $"/api/v1/nodes/{name}/status?fieldManager=b", Status("Hostname", name), "application/apply-patch+yaml");
        Assert.True(status == HttpStatusCode.OK, text);
        var node = await fixture.Admin.CoreV1.ReadNodeAsync(name);
        Assert.Equal(["Hostname", "InternalIP"], node.Status.Addresses.Select(a => a.Type).Order(StringComparer.Ordinal));

        // The same key with another value is a conflict with its owner.
        (status, text, _) = await TestHelpers.SendRawAsync(fixture.Admin, HttpMethod.Patch, $"/api/v1/nodes/{name}/status?fieldManager=b", Status("InternalIP", "10.0.0.9"), "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(".status.addresses[type=\"InternalIP\"].address", JsonNode.Parse(text)!["details"]!["causes"]![0]!["field"]!.GetValue<string>());
        Assert.StartsWith("Apply failed with 1 conflict: conflict with \"a\" with subresource \"status\": .status.addresses", JsonNode.Parse(text)!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    // ClusterRole rules are atomic: another applier's rules conflict on the whole list.
    [Fact(Timeout = 120_000)]
    public async Task Cluster_role_rules_are_owned_as_one_atomic_list()
    {
        var name = TestNames.Unique("ssa-role");
        string Role(string verb) =>
            $$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"{{name}}"},"rules":[{"apiGroups":[""],"resources":["configmaps"],"verbs":["{{verb}}"]}]}""";
        var path = $"/apis/rbac.authorization.k8s.io/v1/clusterroles/{name}";
        var (status, text, _) = await TestHelpers.SendRawAsync(fixture.Admin, HttpMethod.Patch, path + "?fieldManager=a", Role("get"), "application/apply-patch+yaml");
        Assert.True(status == HttpStatusCode.Created, text);
        Assert.Equal("""{"f:rules":{}}""", Entry(JsonNode.Parse(text)!.AsObject(), "a", "Apply")["fieldsV1"]!.ToJsonString());
        (status, text, _) = await TestHelpers.SendRawAsync(fixture.Admin, HttpMethod.Patch, path + "?fieldManager=b", Role("list"), "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"a\": .rules", JsonNode.Parse(text)!["message"]!.GetValue<string>());
    }
}

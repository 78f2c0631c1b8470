using System.Net;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace BootstrapPortal.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class CrudTests(SandboxFixture fixture)
{
    private readonly Kubernetes admin = fixture.Admin;

    [Fact]
    public async Task Secret_create_get_replace_delete_round_trip()
    {
        var name = TestNames.Unique("s");
        var created = await admin.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = "x" } },
            Type = "Opaque",
            Data = new Dictionary<string, byte[]> { ["k"] = Encoding.UTF8.GetBytes("v") },
            StringData = new Dictionary<string, string> { ["plain"] = "text" },
        }, "default");
        Assert.Equal(name, created.Metadata.Name);
        Assert.Equal("default", created.Metadata.NamespaceProperty);
        Assert.True(Guid.TryParse(created.Metadata.Uid, out _));
        Assert.False(string.IsNullOrEmpty(created.Metadata.ResourceVersion));
        Assert.NotNull(created.Metadata.CreationTimestamp);
        Assert.Equal(0, created.Metadata.CreationTimestamp!.Value.Millisecond);
        Assert.Equal("Secret", created.Kind);
        Assert.Equal("v1", created.ApiVersion);
        Assert.Null(created.StringData);
        Assert.Equal("text", Encoding.UTF8.GetString(created.Data["plain"]));

        var read = await admin.CoreV1.ReadNamespacedSecretAsync(name, "default");
        Assert.Equal("v", Encoding.UTF8.GetString(read.Data["k"]));

        read.Data["k"] = Encoding.UTF8.GetBytes("w");
        var replaced = await admin.CoreV1.ReplaceNamespacedSecretAsync(read, name, "default");
        Assert.NotEqual(created.Metadata.ResourceVersion, replaced.Metadata.ResourceVersion);
        Assert.Equal("w", Encoding.UTF8.GetString(replaced.Data["k"]));
        Assert.Equal(created.Metadata.Uid, replaced.Metadata.Uid);

        var status = await admin.CoreV1.DeleteNamespacedSecretAsync(name, "default");
        Assert.Equal("Success", status.Status);
        Assert.Equal(name, status.Details.Name);
        Assert.Equal("secrets", status.Details.Kind);
        Assert.Equal(created.Metadata.Uid, status.Details.Uid);

        var notFound = await TestHelpers.FailsWith(HttpStatusCode.NotFound, () => admin.CoreV1.ReadNamespacedSecretAsync(name, "default"));
        Assert.Equal($"secrets \"{name}\" not found", notFound.Message());
        Assert.Equal("NotFound", notFound.Reason());
        Assert.Equal("secrets", notFound.GetProperty("details").GetProperty("kind").GetString());
        Assert.Equal(name, notFound.GetProperty("details").GetProperty("name").GetString());
        Assert.False(notFound.GetProperty("details").TryGetProperty("group", out _));
    }

    [Fact]
    public async Task Default_namespaces_and_cluster_info_exist()
    {
        var namespaces = await admin.CoreV1.ListNamespaceAsync();
        var names = namespaces.Items.Select(n => n.Metadata.Name).ToList();
        Assert.Contains("default", names);
        Assert.Contains("kube-system", names);
        Assert.Contains("kube-public", names);
        Assert.Contains("kube-node-lease", names);
        Assert.All(namespaces.Items, n => Assert.Equal("Active", n.Status.Phase));
        var immortal = await TestHelpers.FailsWith(HttpStatusCode.Forbidden, () => admin.CoreV1.DeleteNamespaceAsync("kube-system"));
        Assert.Equal("namespaces \"kube-system\" is forbidden: this namespace may not be deleted", immortal.Message());
        var clusterInfo = await admin.CoreV1.ReadNamespacedConfigMapAsync("cluster-info", "kube-public");
        var kubeconfig = KubernetesYaml.Deserialize<k8s.KubeConfigModels.K8SConfiguration>(clusterInfo.Data["kubeconfig"]);
        Assert.Equal(string.Empty, kubeconfig.Clusters.Single().Name);
        Assert.Equal(fixture.Cluster.ServerUri.ToString().TrimEnd('/'), kubeconfig.Clusters.Single().ClusterEndpoint.Server);
        Assert.Equal(fixture.Cluster.CaCertificatePem,
            Encoding.UTF8.GetString(Convert.FromBase64String(kubeconfig.Clusters.Single().ClusterEndpoint.CertificateAuthorityData)));
    }

    [Fact]
    public async Task GenerateName_appends_five_characters_from_the_kubernetes_alphabet()
    {
        var prefix = new string('p', 70) + "-";
        var created = await admin.CertificatesV1.CreateCertificateSigningRequestAsync(new V1CertificateSigningRequest
        {
            Metadata = new V1ObjectMeta { GenerateName = "csr-" },
            Spec = TestHelpers.KubeletClientCsr("unused").Spec,
        });
        Assert.Matches("^csr-[bcdfghjklmnpqrstvwxz2456789]{5}$", created.Metadata.Name);
        Assert.Equal("csr-", created.Metadata.GenerateName);

        var long1 = await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { GenerateName = prefix } }, "default");
        Assert.Equal(63, long1.Metadata.Name.Length);
        Assert.StartsWith(prefix[..58], long1.Metadata.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicate_create_is_409_AlreadyExists()
    {
        var name = TestNames.Unique("cm");
        await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name } }, "default");
        var status = await TestHelpers.FailsWith(HttpStatusCode.Conflict,
            () => admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name } }, "default"));
        Assert.Equal("AlreadyExists", status.Reason());
        Assert.Equal($"configmaps \"{name}\" already exists", status.Message());

        var csrName = TestNames.Unique("csr");
        await admin.CertificatesV1.CreateCertificateSigningRequestAsync(TestHelpers.KubeletClientCsr(csrName));
        var csrStatus = await TestHelpers.FailsWith(HttpStatusCode.Conflict,
            () => admin.CertificatesV1.CreateCertificateSigningRequestAsync(TestHelpers.KubeletClientCsr(csrName)));
        Assert.Equal($"certificatesigningrequests.certificates.k8s.io \"{csrName}\" already exists", csrStatus.Message());
        Assert.Equal("certificates.k8s.io", csrStatus.GetProperty("details").GetProperty("group").GetString());
        Assert.Equal("certificatesigningrequests", csrStatus.GetProperty("details").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Create_in_missing_namespace_is_404_for_the_namespace()
    {
        var status = await TestHelpers.FailsWith(HttpStatusCode.NotFound,
            () => admin.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "x" } }, "nope"));
        Assert.Equal("namespaces \"nope\" not found", status.Message());
    }

    [Fact]
    public async Task Stale_resourceVersion_conflicts_and_missing_resourceVersion_is_unconditional()
    {
        var name = TestNames.Unique("cm");
        var first = await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name }, Data = new Dictionary<string, string> { ["a"] = "1" } }, "default");
        first.Data["a"] = "2";
        var second = await admin.CoreV1.ReplaceNamespacedConfigMapAsync(first, name, "default");
        first.Data["a"] = "3";
        var status = await TestHelpers.FailsWith(HttpStatusCode.Conflict, () => admin.CoreV1.ReplaceNamespacedConfigMapAsync(first, name, "default"));
        Assert.Equal("Conflict", status.Reason());
        Assert.Equal($"Operation cannot be fulfilled on configmaps \"{name}\": the object has been modified; please apply your changes to the latest version and try again", status.Message());

        first.Metadata.ResourceVersion = null;
        var third = await admin.CoreV1.ReplaceNamespacedConfigMapAsync(first, name, "default");
        Assert.Equal("3", third.Data["a"]);
        Assert.True(long.Parse(third.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(second.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture));

        var unchanged = await admin.CoreV1.ReplaceNamespacedConfigMapAsync(third, name, "default");
        Assert.Equal(third.Metadata.ResourceVersion, unchanged.Metadata.ResourceVersion);

        var missing = await TestHelpers.FailsWith(HttpStatusCode.NotFound,
            () => admin.CoreV1.ReplaceNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "absent-cm" } }, "absent-cm", "default"));
        Assert.Equal("configmaps \"absent-cm\" not found", missing.Message());
    }

    [Fact]
    public async Task Delete_preconditions_check_uid_and_resourceVersion()
    {
        var name = TestNames.Unique("s");
        var created = await admin.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = name } }, "default");
        var status = await TestHelpers.FailsWith(HttpStatusCode.Conflict, () => admin.CoreV1.DeleteNamespacedSecretAsync(name, "default",
            new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = "other-uid" } }));
        Assert.Equal($"Operation cannot be fulfilled on secrets \"{name}\": Precondition failed: UID in precondition: other-uid, UID in object meta: {created.Metadata.Uid}", status.Message());
        var rvStatus = await TestHelpers.FailsWith(HttpStatusCode.Conflict, () => admin.CoreV1.DeleteNamespacedSecretAsync(name, "default",
            new V1DeleteOptions { Preconditions = new V1Preconditions { ResourceVersion = "1" } }));
        Assert.Equal($"Operation cannot be fulfilled on secrets \"{name}\": Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: {created.Metadata.ResourceVersion}", rvStatus.Message());
        var ok = await admin.CoreV1.DeleteNamespacedSecretAsync(name, "default", new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = created.Metadata.Uid } });
        Assert.Equal("Success", ok.Status);
    }

    [Fact]
    public async Task Finalizers_defer_deletion_until_removed()
    {
        var name = TestNames.Unique("cm");
        await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, Finalizers = ["example.com/hold"] } }, "default");
        await admin.CoreV1.DeleteNamespacedConfigMapAsync(name, "default");
        var pending = await admin.CoreV1.ReadNamespacedConfigMapAsync(name, "default");
        Assert.NotNull(pending.Metadata.DeletionTimestamp);
        pending.Metadata.Finalizers = [];
        await admin.CoreV1.ReplaceNamespacedConfigMapAsync(pending, name, "default");
        await TestHelpers.FailsWith(HttpStatusCode.NotFound, () => admin.CoreV1.ReadNamespacedConfigMapAsync(name, "default"));
    }

    [Fact]
    public async Task Label_and_field_selectors_filter_lists()
    {
        var ns = TestNames.Unique("sel");
        await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        string[] tiers = ["web", "db", "cache"];
        for (var i = 0; i < tiers.Length; i++)
        {
            var labels = new Dictionary<string, string> { ["tier"] = tiers[i] };
            if (i == 0)
            {
                labels["public"] = "yes";
            }

            await admin.CoreV1.CreateNamespacedSecretAsync(new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = "s" + i, Labels = labels },
                Type = i == 2 ? "bootstrap.kubernetes.io/token" : "Opaque",
            }, ns);
        }

        async Task<string[]> Names(string? label = null, string? field = null) =>
            [.. (await admin.CoreV1.ListNamespacedSecretAsync(ns, labelSelector: label, fieldSelector: field)).Items.Select(s => s.Metadata.Name)];

        Assert.Equal(["s0"], await Names("tier=web"));
        Assert.Equal(["s0"], await Names("tier==web"));
        Assert.Equal(["s1", "s2"], await Names("tier!=web"));
        Assert.Equal(["s0", "s1"], await Names("tier in (web, db)"));
        Assert.Equal(["s2"], await Names("tier notin (web,db)"));
        Assert.Equal(["s0"], await Names("public"));
        Assert.Equal(["s1", "s2"], await Names("!public"));
        Assert.Equal(["s0"], await Names("tier,public"));
        Assert.Equal(["s2"], await Names(field: "type=bootstrap.kubernetes.io/token"));
        Assert.Equal(["s0", "s1"], await Names(field: "type!=bootstrap.kubernetes.io/token"));
        Assert.Equal(["s1"], await Names(field: "metadata.name=s1"));
        Assert.Equal(["s1"], await Names(field: "metadata.namespace=" + ns + ",metadata.name==s1"));
        Assert.Equal(["s1"], await Names("tier in (db,cache)", "type=Opaque"));

        var bad = await TestHelpers.FailsWith(HttpStatusCode.BadRequest, () => admin.CoreV1.ListNamespacedSecretAsync(ns, fieldSelector: "spec.foo=bar"));
        Assert.Equal("field label not supported: spec.foo", bad.Message());
        Assert.Equal("BadRequest", bad.Reason());
        var csrBad = await TestHelpers.FailsWith(HttpStatusCode.BadRequest, () => admin.CertificatesV1.ListCertificateSigningRequestAsync(fieldSelector: "type=x"));
        Assert.Equal("field label not supported: type", csrBad.Message());
        var csrs = await admin.CertificatesV1.ListCertificateSigningRequestAsync(fieldSelector: "spec.signerName=example.com/none");
        Assert.Empty(csrs.Items);
        Assert.Equal("CertificateSigningRequestList", csrs.Kind);
        await admin.CoreV1.DeleteNamespaceAsync(ns);
    }

    [Fact]
    public async Task Pagination_uses_a_consistent_snapshot_and_expired_tokens_are_410()
    {
        var ns = TestNames.Unique("page");
        await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        for (var i = 0; i < 5; i++)
        {
            await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" + i } }, ns);
        }

        var page1 = await admin.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 2);
        Assert.Equal(["c0", "c1"], page1.Items.Select(i => i.Metadata.Name));
        Assert.False(string.IsNullOrEmpty(page1.Metadata.ContinueProperty));
        Assert.Equal(3, page1.Metadata.RemainingItemCount);

        await admin.CoreV1.DeleteNamespacedConfigMapAsync("c3", ns);
        await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c5" } }, ns);

        var page2 = await admin.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 2, continueParameter: page1.Metadata.ContinueProperty);
        Assert.Equal(["c2", "c3"], page2.Items.Select(i => i.Metadata.Name));
        Assert.Equal(page1.Metadata.ResourceVersion, page2.Metadata.ResourceVersion);
        var page3 = await admin.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 2, continueParameter: page2.Metadata.ContinueProperty);
        Assert.Equal(["c4"], page3.Items.Select(i => i.Metadata.Name));
        Assert.Null(page3.Metadata.ContinueProperty);

        var fresh = await admin.CoreV1.ListNamespacedConfigMapAsync(ns);
        Assert.Equal(["c0", "c1", "c2", "c4", "c5"], fresh.Items.Select(i => i.Metadata.Name));

        var exact = await admin.CoreV1.ListNamespacedConfigMapAsync(ns, resourceVersion: page1.Metadata.ResourceVersion, resourceVersionMatch: "Exact");
        Assert.Equal(["c0", "c1", "c2", "c3", "c4"], exact.Items.Select(i => i.Metadata.Name));

        // k8s.io/apiserver pkg/storage/etcd3/store.go: an undecodable token is the client's mistake (400), not a reason to relist (410).
        var garbage = await TestHelpers.FailsWith(HttpStatusCode.BadRequest, () => admin.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 2, continueParameter: "garbage"));
        Assert.Equal("BadRequest", garbage.Reason());
        Assert.StartsWith("invalid continue token: continue key is not valid: ", garbage.Message(), StringComparison.Ordinal);
        await admin.CoreV1.DeleteNamespaceAsync(ns);
    }

    [Fact]
    public async Task Every_kind_lists_with_its_list_kind()
    {
        Assert.Equal("NodeList", (await admin.CoreV1.ListNodeAsync()).Kind);
        Assert.Equal("EventList", (await admin.CoreV1.ListEventForAllNamespacesAsync()).Kind);
        Assert.Equal("SecretList", (await admin.CoreV1.ListSecretForAllNamespacesAsync()).Kind);
        Assert.Equal("ConfigMapList", (await admin.CoreV1.ListConfigMapForAllNamespacesAsync()).Kind);
        Assert.Equal("ClusterRoleList", (await admin.RbacAuthorizationV1.ListClusterRoleAsync()).Kind);
        Assert.Equal("ClusterRoleBindingList", (await admin.RbacAuthorizationV1.ListClusterRoleBindingAsync()).Kind);
        Assert.Equal("RoleList", (await admin.RbacAuthorizationV1.ListRoleForAllNamespacesAsync()).Kind);
        Assert.Equal("RoleBindingList", (await admin.RbacAuthorizationV1.ListRoleBindingForAllNamespacesAsync()).Kind);
        var (_, body, _) = await TestHelpers.SendRawAsync(admin, HttpMethod.Get, "/api/v1/namespaces/kube-public/configmaps");
        var list = JsonDocument.Parse(body).RootElement;
        Assert.Equal("v1", list.GetProperty("apiVersion").GetString());
        var item = list.GetProperty("items")[0];
        Assert.False(item.TryGetProperty("kind", out _));
        Assert.False(item.TryGetProperty("apiVersion", out _));
    }

    [Fact]
    public async Task Nodes_and_status_subresource_keep_spec_and_status_apart()
    {
        var name = TestNames.Unique("node");
        var node = await admin.CoreV1.CreateNodeAsync(new V1Node
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1NodeSpec { PodCIDR = "10.0.0.0/24" },
        });
        node.Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }] };
        var afterMain = await admin.CoreV1.ReplaceNodeAsync(node, name);
        Assert.Null(afterMain.Status?.Conditions);
        afterMain.Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }] };
        afterMain.Spec.PodCIDR = "10.9.9.0/24";
        var afterStatus = await admin.CoreV1.ReplaceNodeStatusAsync(afterMain, name);
        Assert.Equal("True", afterStatus.Status.Conditions.Single().Status);
        Assert.Equal("10.0.0.0/24", afterStatus.Spec.PodCIDR);
        await admin.CoreV1.DeleteNodeAsync(name);
    }

    [Fact]
    public async Task Strict_field_validation_rejects_unknown_fields_and_warn_reports_them()
    {
        var name = TestNames.Unique("cm");
        var json = $$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{name}}"},"data":{"a":"b"},"spec":{"foo":1},"bar":true}""";
        var (status, body, _) = await TestHelpers.SendRawAsync(admin, HttpMethod.Post, "/api/v1/namespaces/default/configmaps?fieldValidation=Strict", json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: unknown field \"spec\", unknown field \"bar\"", JsonDocument.Parse(body).RootElement.GetProperty("message").GetString());

        var (warnStatus, warnBody, response) = await TestHelpers.SendRawAsync(admin, HttpMethod.Post, "/api/v1/namespaces/default/configmaps", json);
        Assert.Equal(HttpStatusCode.Created, warnStatus);
        Assert.Contains(response.Headers.GetValues("Warning"), w => w.Contains("unknown field \\\"bar\\\"", StringComparison.Ordinal));
        var stored = JsonDocument.Parse(warnBody).RootElement;
        Assert.False(stored.TryGetProperty("bar", out _));

        var (kindStatus, _, _) = await TestHelpers.SendRawAsync(admin, HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
            """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"wrong-kind"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, kindStatus);
    }

    [Fact]
    public async Task Unknown_paths_are_404_and_version_and_discovery_answer()
    {
        var (status, body, _) = await TestHelpers.SendRawAsync(admin, HttpMethod.Get, "/api/v1/services");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("NotFound", JsonDocument.Parse(body).RootElement.GetProperty("reason").GetString());
        var (reviewStatus, reviewBody, _) = await TestHelpers.SendRawAsync(admin, HttpMethod.Get, "/apis/authorization.k8s.io/v1/subjectaccessreviews");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, reviewStatus);
        Assert.Equal("the server does not allow this method on the requested resource", JsonDocument.Parse(reviewBody).RootElement.GetProperty("message").GetString());
        var (collectionStatus, _, _) = await TestHelpers.SendRawAsync(admin, HttpMethod.Delete, "/api/v1/namespaces");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, collectionStatus);
        var version = await admin.Version.GetCodeAsync();
        Assert.StartsWith("v1.33.", version.GitVersion, StringComparison.Ordinal);
        var groups = await admin.Apis.GetAPIVersionsAsync();
        Assert.Contains(groups.Groups, g => g.Name == "certificates.k8s.io");
        var resources = await admin.CertificatesV1.GetAPIResourcesAsync();
        Assert.Contains(resources.Resources, r => r.Name == "certificatesigningrequests/approval");
    }

    [Fact]
    public async Task Names_keys_and_secret_type_are_validated()
    {
        var badName = await TestHelpers.FailsWith((HttpStatusCode)422,
            () => admin.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "Bad_Name" } }, "default"));
        Assert.Equal("Secret \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')", badName.Message());
        var noName = await TestHelpers.FailsWith((HttpStatusCode)422,
            () => admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta() }, "default"));
        Assert.Equal("ConfigMap \"\" is invalid: metadata.name: Required value: name or generateName is required", noName.Message());
        var badKey = await TestHelpers.FailsWith((HttpStatusCode)422, () => admin.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = TestNames.Unique("cm") }, Data = new Dictionary<string, string> { ["bad key"] = "x" } }, "default"));
        Assert.Contains("data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters", badKey.Message(), StringComparison.Ordinal);
        var badNamespace = await TestHelpers.FailsWith((HttpStatusCode)422,
            () => admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "a.b" } }));
        Assert.Contains("metadata.name: Invalid value: \"a.b\": a lowercase RFC 1123 label must consist of", badNamespace.Message(), StringComparison.Ordinal);
        await admin.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole { Metadata = new V1ObjectMeta { Name = TestNames.Unique("system:Colons:OK") } });
        var csr = await admin.CertificatesV1.CreateCertificateSigningRequestAsync(TestHelpers.KubeletClientCsr(TestNames.Unique("node-csr-UPPER_case")));
        Assert.Contains("UPPER_case", csr.Metadata.Name, StringComparison.Ordinal);

        var name = TestNames.Unique("typed");
        var secret = await admin.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = name }, Type = "bootstrap.kubernetes.io/token" }, "default");
        secret.Type = "Opaque";
        var immutable = await TestHelpers.FailsWith((HttpStatusCode)422, () => admin.CoreV1.ReplaceNamespacedSecretAsync(secret, name, "default"));
        Assert.Equal($"Secret \"{name}\" is invalid: type: Invalid value: \"Opaque\": field is immutable", immutable.Message());
    }
}

using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace BootstrapPortal.Sandbox.Tests.Conformance;

/// <summary>
/// API machinery behaviour clients and tools rely on, checked with the official C# client and raw HTTP against the sandbox;
/// each test names the upstream source that defines the behaviour.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class ApiMachineryConformanceTests(SandboxFixture fixture)
{
    private readonly Kubernetes admin = fixture.Admin;

    private async Task<string> NewNamespaceAsync()
    {
        var ns = TestNames.Unique("conf");
        await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        return ns;
    }

    private static JsonElement Json(string body) => JsonDocument.Parse(body).RootElement.Clone();

    /// <summary>k8s.io/apiserver pkg/registry/generic/registry/dryrun.go and pkg/endpoints/handlers/create.go.</summary>
    [Fact]
    public async Task Dry_run_create_applies_defaults_and_server_fields_without_storing()
    {
        var ns = await NewNamespaceAsync();
        var (status, body, _) = await TestHelpers.SendRawAsync(admin, HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets?dryRun=All",
            """{"apiVersion":"v1","kind":"Secret","metadata":{"generateName":"dry-"},"stringData":{"k":"v"}}""");
        Assert.Equal(HttpStatusCode.Created, status);
        var preview = Json(body);
        Assert.Equal("Opaque", preview.GetProperty("type").GetString());
        Assert.Equal(ns, preview.GetProperty("metadata").GetProperty("namespace").GetString());
        Assert.True(Guid.TryParse(preview.GetProperty("metadata").GetProperty("uid").GetString(), out _));
        Assert.StartsWith("dry-", preview.GetProperty("metadata").GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.True(preview.GetProperty("metadata").TryGetProperty("creationTimestamp", out _));
        Assert.False(preview.GetProperty("metadata").TryGetProperty("resourceVersion", out _));
        Assert.Empty((await admin.CoreV1.ListNamespacedSecretAsync(ns)).Items);

        await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "taken" } }, ns);
        var (existsStatus, existsBody, _) = await TestHelpers.SendRawAsync(admin, HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps?dryRun=All",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"taken"}}""");
        Assert.Equal(HttpStatusCode.Conflict, existsStatus);
        Assert.Equal("AlreadyExists", Json(existsBody).GetProperty("reason").GetString());
    }

    /// <summary>k8s.io/apimachinery pkg/api/validation ValidateDryRun via pkg/endpoints/handlers (CreateOptions, DeleteOptions).</summary>
    [Fact]
    public async Task Unknown_dry_run_values_are_422_and_nothing_is_written()
    {
        var ns = await NewNamespaceAsync();
        var (status, body, _) = await TestHelpers.SendRawAsync(admin, HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps?dryRun=Maybe",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"never"}}""");
        Assert.Equal((HttpStatusCode)422, status);
        Assert.Equal("CreateOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: []string{\"Maybe\"}: supported values: \"All\"", Json(body).GetProperty("message").GetString());
        await TestHelpers.FailsWith(HttpStatusCode.NotFound, () => admin.CoreV1.ReadNamespacedConfigMapAsync("never", ns));

        await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "kept" } }, ns);
        var (deleteStatus, deleteBody, _) = await TestHelpers.SendRawAsync(admin, HttpMethod.Delete, $"/api/v1/namespaces/{ns}/configmaps/kept",
            """{"kind":"DeleteOptions","apiVersion":"v1","dryRun":["Everything"]}""");
        Assert.Equal((HttpStatusCode)422, deleteStatus);
        Assert.StartsWith("DeleteOptions.meta.k8s.io \"\" is invalid: dryRun", Json(deleteBody).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.NotNull(await admin.CoreV1.ReadNamespacedConfigMapAsync("kept", ns));
    }

    /// <summary>kubectl delete --dry-run=server sends DeleteOptions{dryRun:[All]}: nothing may be deleted (k8s.io/apiserver pkg/endpoints/handlers/delete.go).</summary>
    [Fact]
    public async Task Kubectl_server_side_dry_run_delete_keeps_the_object()
    {
        var ns = await NewNamespaceAsync();
        await admin.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "precious" } }, ns);
        var (code, output, error) = await KubectlRunner.RunAsync(fixture.Cluster.KubeconfigPath, KubectlRunner.Kubectl,
            "delete", "secret", "precious", "-n", ns, "--dry-run=server");
        Assert.True(code == 0, error);
        Assert.Contains("secret \"precious\" deleted (server dry run)", output, StringComparison.Ordinal);
        Assert.NotNull(await admin.CoreV1.ReadNamespacedSecretAsync("precious", ns));

        var (_, deleteBody, _) = await TestHelpers.SendRawAsync(admin, HttpMethod.Delete, $"/api/v1/namespaces/{ns}/secrets?dryRun=All");
        Assert.Equal("SecretList", Json(deleteBody).GetProperty("kind").GetString());
        Assert.Single((await admin.CoreV1.ListNamespacedSecretAsync(ns)).Items);
    }

    /// <summary>k8s.io/apimachinery pkg/apis/meta/internalversion/validation/validation.go ValidateListOptions; etcd3 store.go continue rules.</summary>
    [Fact]
    public async Task List_options_are_validated_like_kube_apiserver()
    {
        var ns = await NewNamespaceAsync();
        for (var i = 0; i < 3; i++)
        {
            await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" + i } }, ns);
        }

        var (matchStatus, matchBody, _) = await TestHelpers.SendRawAsync(admin, HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?resourceVersionMatch=NotOlderThan");
        Assert.Equal((HttpStatusCode)422, matchStatus);
        Assert.Equal("ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided",
            Json(matchBody).GetProperty("message").GetString());

        var page = await admin.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 1);
        var (continueStatus, continueBody, _) = await TestHelpers.SendRawAsync(admin, HttpMethod.Get,
            $"/api/v1/namespaces/{ns}/configmaps?limit=1&continue={page.Metadata.ContinueProperty}&resourceVersion={page.Metadata.ResourceVersion}");
        Assert.Equal(HttpStatusCode.BadRequest, continueStatus);
        Assert.Equal("specifying resource version is not allowed when using continue", Json(continueBody).GetProperty("message").GetString());
    }

    /// <summary>
    /// The legacy list form (limit with resourceVersion=N and no match) is served Exact at N (k8s.io/apiserver
    /// pkg/storage/cacher/cacher.go delegates it to etcd), not as the current state.
    /// </summary>
    [Fact]
    public async Task Limit_with_a_resourceVersion_lists_that_snapshot()
    {
        var ns = await NewNamespaceAsync();
        var first = await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, ns);
        await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "b" } }, ns);
        var snapshot = await admin.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 10, resourceVersion: first.Metadata.ResourceVersion);
        Assert.Equal(["a"], snapshot.Items.Select(i => i.Metadata.Name));
        Assert.Equal(first.Metadata.ResourceVersion, snapshot.Metadata.ResourceVersion);
        var notOlder = await admin.CoreV1.ListNamespacedConfigMapAsync(ns, resourceVersion: first.Metadata.ResourceVersion);
        Assert.Equal(["a", "b"], notOlder.Items.Select(i => i.Metadata.Name));
    }

    /// <summary>k8s.io/apiserver pkg/storage/errors.go NewTooLargeResourceVersionError: after waiting, 504 Timeout with a ResourceVersionTooLarge cause.</summary>
    [Fact]
    public async Task A_resourceVersion_from_the_future_is_refused_with_504()
    {
        var future = (fixture.Cluster.Store.CurrentResourceVersion + 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var watch = Stopwatch.StartNew();
        var status = await TestHelpers.FailsWith(HttpStatusCode.GatewayTimeout, () => admin.CoreV1.ListNamespacedConfigMapAsync("default", resourceVersion: future));
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(2.5), "the server waits for the resourceVersion first");
        Assert.Equal("Timeout", status.Reason());
        Assert.StartsWith($"Timeout: Too large resource version: {future}, current: ", status.Message(), StringComparison.Ordinal);
        Assert.Equal("ResourceVersionTooLarge", status.GetProperty("details").GetProperty("causes")[0].GetProperty("reason").GetString());
    }

    /// <summary>
    /// The watch cache starts at the server's start (k8s.io/apiserver pkg/storage/cacher/watch_cache.go): a resourceVersion from
    /// before it is 410 even on a young cluster, so clients' relist paths run.
    /// </summary>
    [Fact]
    public async Task A_watch_from_before_the_server_started_answers_410()
    {
        var errors = new List<Exception>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await foreach (var item in admin.CoreV1.WatchListNamespacedSecretAsync("kube-system", resourceVersion: "1", onError: errors.Add, cancellationToken: cts.Token))
        {
            Assert.Fail("no event expected, got " + item.Item1);
        }

        var expired = Assert.IsType<KubernetesException>(Assert.Single(errors));
        Assert.Equal(410, expired.Status.Code);
        Assert.StartsWith("too old resource version: 1 (", expired.Status.Message, StringComparison.Ordinal);
    }

    /// <summary>k8s.io/apiserver pkg/storage/cacher/cache_watcher.go nextBookmarkTime: a bookmark 2 s before the deadline, carrying the latest version.</summary>
    [Fact]
    public async Task A_bookmark_arrives_shortly_before_timeoutSeconds_with_the_current_resourceVersion()
    {
        var ns = await NewNamespaceAsync();
        var list = await admin.CoreV1.ListNamespacedSecretAsync(ns);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var watch = Stopwatch.StartNew();
        var bookmarks = new List<(TimeSpan At, long Rv)>();
        var elsewhere = Task.Run(async () =>
        {
            await Task.Delay(500, cts.Token);
            return await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { GenerateName = "other-" } }, "default", cancellationToken: cts.Token);
        }, cts.Token);
        await foreach (var (type, secret) in admin.CoreV1.WatchListNamespacedSecretAsync(ns, resourceVersion: list.Metadata.ResourceVersion,
            allowWatchBookmarks: true, timeoutSeconds: 5, cancellationToken: cts.Token))
        {
            Assert.Equal(WatchEventType.Bookmark, type);
            bookmarks.Add((watch.Elapsed, long.Parse(secret.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture)));
        }

        var other = await elsewhere;
        var (at, rv) = Assert.Single(bookmarks);
        Assert.True(at >= TimeSpan.FromSeconds(2.5), $"bookmark at {at}");
        Assert.True(rv >= long.Parse(other.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture), "the bookmark carries the store's version, not the watch's last event");
    }

    /// <summary>k8s.io/apiserver pkg/endpoints/request/requestinfo.go: the deprecated /watch/ paths, with and without a name.</summary>
    [Fact]
    public async Task Deprecated_watch_paths_are_served()
    {
        var ns = await NewNamespaceAsync();
        await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "one" } }, ns);
        await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "two" } }, ns);
        var (status, body, _) = await TestHelpers.SendRawAsync(admin, HttpMethod.Get, $"/api/v1/watch/namespaces/{ns}/configmaps?timeoutSeconds=1");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var (_, single, _) = await TestHelpers.SendRawAsync(admin, HttpMethod.Get, $"/api/v1/watch/namespaces/{ns}/configmaps/two?timeoutSeconds=1");
        var line = Assert.Single(single.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("two", Json(line).GetProperty("object").GetProperty("metadata").GetProperty("name").GetString());
        var (rbacStatus, _, _) = await TestHelpers.SendRawAsync(admin, HttpMethod.Get, "/apis/rbac.authorization.k8s.io/v1/watch/clusterroles?timeoutSeconds=1");
        Assert.Equal(HttpStatusCode.OK, rbacStatus);
    }

    /// <summary>k/k pkg/apis/core/v1/defaults.go (Opaque), pkg/apis/core/validation/validation.go ValidateSecret/ValidateSecretUpdate/ValidateConfigMapUpdate.</summary>
    [Fact]
    public async Task Secrets_default_their_type_enforce_immutable_and_typed_keys()
    {
        var ns = await NewNamespaceAsync();
        var plain = await admin.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "plain" } }, ns);
        Assert.Equal("Opaque", plain.Type);

        var tls = await TestHelpers.FailsWith((HttpStatusCode)422, () => admin.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = "tls" }, Type = "kubernetes.io/tls" }, ns));
        Assert.Equal("Secret \"tls\" is invalid: [data[tls.crt]: Required value, data[tls.key]: Required value]", tls.Message());

        var frozen = await admin.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "frozen" },
            Immutable = true,
            Data = new Dictionary<string, byte[]> { ["k"] = "v"u8.ToArray() },
        }, ns);
        frozen.Data["k"] = "w"u8.ToArray();
        var immutable = await TestHelpers.FailsWith((HttpStatusCode)422, () => admin.CoreV1.ReplaceNamespacedSecretAsync(frozen, "frozen", ns));
        Assert.Equal("Secret \"frozen\" is invalid: data: Forbidden: field is immutable when `immutable` is set", immutable.Message());

        var config = await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "frozen" },
            Immutable = true,
            Data = new Dictionary<string, string> { ["k"] = "v" },
        }, ns);
        config.Immutable = false;
        var thawed = await TestHelpers.FailsWith((HttpStatusCode)422, () => admin.CoreV1.ReplaceNamespacedConfigMapAsync(config, "frozen", ns));
        Assert.Equal("ConfigMap \"frozen\" is invalid: immutable: Forbidden: field is immutable when `immutable` is set", thawed.Message());
    }

    /// <summary>Go's omitempty on ObjectMeta: a JSON Patch that removes the last label leaves no labels; zero values are not stored.</summary>
    [Fact]
    public async Task Empty_metadata_fields_are_not_stored()
    {
        var ns = await NewNamespaceAsync();
        var (_, created, _) = await TestHelpers.SendRawAsync(admin, HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"zero","generateName":"","generation":0,"labels":{"only":"one"},"annotations":{},"finalizers":[]}}""");
        var metadata = Json(created).GetProperty("metadata");
        Assert.False(metadata.TryGetProperty("generateName", out _));
        Assert.False(metadata.TryGetProperty("generation", out _));
        Assert.False(metadata.TryGetProperty("annotations", out _));
        Assert.False(metadata.TryGetProperty("finalizers", out _));
        var (_, patched, _) = await TestHelpers.SendRawAsync(admin, HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/zero",
            """[{"op":"remove","path":"/metadata/labels/only"}]""", "application/json-patch+json");
        Assert.False(Json(patched).GetProperty("metadata").TryGetProperty("labels", out _));
    }

    /// <summary>k8s.io/apimachinery pkg/apis/meta/v1/time_proto.go: metav1.Time is kept to the second.</summary>
    [Fact]
    public async Task Timestamps_are_stored_to_the_second()
    {
        var name = TestNames.Unique("csr");
        var csr = await admin.CertificatesV1.CreateCertificateSigningRequestAsync(TestHelpers.KubeletClientCsr(name));
        var when = new DateTime(2026, 3, 2, 12, 0, 30, 500, DateTimeKind.Utc).AddTicks(1234);
        csr.Status = new V1CertificateSigningRequestStatus
        {
            Conditions = [new V1CertificateSigningRequestCondition { Type = "Approved", Status = "True", Reason = "Test", LastUpdateTime = when, LastTransitionTime = when }],
        };
        await admin.CertificatesV1.ReplaceCertificateSigningRequestApprovalAsync(csr, name);
        var (_, body, _) = await TestHelpers.SendRawAsync(admin, HttpMethod.Get, "/apis/certificates.k8s.io/v1/certificatesigningrequests/" + name);
        var condition = Json(body).GetProperty("status").GetProperty("conditions")[0];
        Assert.Equal("2026-03-02T12:00:30Z", condition.GetProperty("lastUpdateTime").GetString());
        Assert.Equal("2026-03-02T12:00:30Z", condition.GetProperty("lastTransitionTime").GetString());
    }

    /// <summary>k8s.io/apiserver pkg/endpoints/handlers/negotiation: 406 for media types the server does not write, YAML when asked.</summary>
    [Fact]
    public async Task Content_negotiation_answers_406_and_serves_yaml()
    {
        using var html = new HttpRequestMessage(HttpMethod.Get, new Uri(admin.BaseUri, "/api/v1/namespaces/default"));
        html.Headers.Accept.ParseAdd("text/html");
        using var refused = await admin.HttpClient.SendAsync(html);
        Assert.Equal(HttpStatusCode.NotAcceptable, refused.StatusCode);
        var status = Json(await refused.Content.ReadAsStringAsync());
        Assert.Equal("NotAcceptable", status.GetProperty("reason").GetString());
        Assert.StartsWith("only the following media types are accepted: application/json, application/yaml", status.GetProperty("message").GetString(), StringComparison.Ordinal);

        using var yaml = new HttpRequestMessage(HttpMethod.Get, new Uri(admin.BaseUri, "/api/v1/namespaces/default"));
        yaml.Headers.Accept.ParseAdd("application/yaml");
        using var served = await admin.HttpClient.SendAsync(yaml);
        Assert.Equal("application/yaml", served.Content.Headers.ContentType?.MediaType);
        var text = await served.Content.ReadAsStringAsync();
        Assert.Contains("kind: Namespace", text, StringComparison.Ordinal);
        Assert.Contains("name: default", text, StringComparison.Ordinal);
    }

    /// <summary>k8s.io/apiserver pkg/endpoints/filters (audit_init.go, cachecontrol.go) and pkg/server/healthz/healthz.go.</summary>
    [Fact]
    public async Task Responses_carry_audit_and_cache_headers_and_readyz_is_verbose()
    {
        var (_, _, response) = await TestHelpers.SendRawAsync(admin, HttpMethod.Get, "/api/v1/namespaces/default");
        Assert.True(Guid.TryParse(response.Headers.GetValues("Audit-Id").Single(), out _));
        Assert.Equal("no-cache, private", string.Join(", ", response.Headers.GetValues("Cache-Control")));
        Assert.True(response.Headers.Contains("X-Kubernetes-Pf-Flowschema-Uid"));

        var (readyStatus, ready, _) = await TestHelpers.SendRawAsync(admin, HttpMethod.Get, "/readyz?verbose");
        Assert.Equal(HttpStatusCode.OK, readyStatus);
        Assert.StartsWith("[+]ping ok\n", ready, StringComparison.Ordinal);
        Assert.Contains("[+]etcd ok\n", ready, StringComparison.Ordinal);
        Assert.EndsWith("readyz check passed\n", ready, StringComparison.Ordinal);
        var (_, one, _) = await TestHelpers.SendRawAsync(admin, HttpMethod.Get, "/readyz/etcd");
        Assert.Equal("ok", one);
        var (missing, _, _) = await TestHelpers.SendRawAsync(admin, HttpMethod.Get, "/readyz/nonsense");
        Assert.Equal(HttpStatusCode.NotFound, missing);
    }

    /// <summary>k8s.io/apiserver pkg/endpoints/handlers/patch.go: a JSON Patch that cannot apply is a generic 422 without the library's text.</summary>
    [Fact]
    public async Task Failed_json_patch_tests_answer_with_the_generic_text()
    {
        var ns = await NewNamespaceAsync();
        await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "p" }, Data = new Dictionary<string, string> { ["a"] = "1" } }, ns);
        var (status, body, _) = await TestHelpers.SendRawAsync(admin, HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/p",
            """[{"op":"test","path":"/data/a","value":"2"}]""", "application/json-patch+json");
        Assert.Equal((HttpStatusCode)422, status);
        Assert.Equal("the server rejected our request due to an error in our request", Json(body).GetProperty("message").GetString());
    }

    /// <summary>Duplicate JSON fields: the last wins and fieldValidation reports them (sigs.k8s.io/json strict decoding).</summary>
    [Fact]
    public async Task Duplicate_fields_are_warned_or_refused()
    {
        var ns = await NewNamespaceAsync();
        var json = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dup"},"data":{"a":"1"},"data":{"a":"2"}}""";
        var (strictStatus, strictBody, _) = await TestHelpers.SendRawAsync(admin, HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps?fieldValidation=Strict", json);
        Assert.Equal(HttpStatusCode.BadRequest, strictStatus);
        Assert.Equal("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: duplicate field \"data\"", Json(strictBody).GetProperty("message").GetString());
        var (status, body, response) = await TestHelpers.SendRawAsync(admin, HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", json);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("2", Json(body).GetProperty("data").GetProperty("a").GetString());
        Assert.Contains(response.Headers.GetValues("Warning"), w => w.Contains("duplicate field \\\"data\\\"", StringComparison.Ordinal));
    }

    /// <summary>k/k pkg/registry/core/namespace/storage/storage.go: DELETE answers the Namespace in phase Terminating; NamespaceLifecycle refuses new content.</summary>
    [Fact]
    public async Task Deleting_a_namespace_returns_it_terminating_and_the_controller_finishes()
    {
        var ns = await NewNamespaceAsync();
        await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "held", Finalizers = ["example.com/hold"] } }, ns);
        var (status, body, _) = await TestHelpers.SendRawAsync(admin, HttpMethod.Delete, $"/api/v1/namespaces/{ns}");
        Assert.Equal(HttpStatusCode.OK, status);
        var terminating = Json(body);
        Assert.Equal("Namespace", terminating.GetProperty("kind").GetString());
        Assert.Equal("Terminating", terminating.GetProperty("status").GetProperty("phase").GetString());
        Assert.True(terminating.GetProperty("metadata").TryGetProperty("deletionTimestamp", out _));

        var refused = await TestHelpers.FailsWith(HttpStatusCode.Forbidden, () => admin.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "late" } }, ns));
        Assert.Equal($"secrets \"late\" is forbidden: unable to create new content in namespace {ns} because it is being terminated", refused.Message());

        var held = await admin.CoreV1.ReadNamespacedConfigMapAsync("held", ns);
        held.Metadata.Finalizers = [];
        await admin.CoreV1.ReplaceNamespacedConfigMapAsync(held, "held", ns);
        await Kubelets.SandboxTestCluster.WaitUntilAsync(async () =>
        {
            try
            {
                await admin.CoreV1.ReadNamespaceAsync(ns);
                return false;
            }
            catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return true;
            }
        }, TimeSpan.FromSeconds(60), "the namespace controller finalizes the namespace");
    }

    /// <summary>k8s.io/apiserver pkg/authentication/request/x509/x509.go: a certificate without clientAuth is no credential (401).</summary>
    [Fact]
    public async Task Server_auth_only_certificates_are_not_client_credentials()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow;
        using var serving = fixture.Cluster.CertificateAuthority.Sign(new System.Security.Cryptography.X509Certificates.PublicKey(key),
            SandboxCertificateAuthority.BuildSubject("kubernetes-admin", ["system:masters"]), ["digital signature", "server auth"], now.AddMinutes(-5), now.AddHours(1));
        var config = fixture.Cluster.CreateAdminConfiguration();
        config.ClientCertificateData = Convert.ToBase64String(Encoding.ASCII.GetBytes(serving.ExportCertificatePem()));
        config.ClientCertificateKeyData = Convert.ToBase64String(Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem()));
        using var client = new Kubernetes(config);
        await TestHelpers.FailsWith(HttpStatusCode.Unauthorized, () => client.CoreV1.ListNamespaceAsync());

        var (expiredCertificate, expiredKey) = fixture.Cluster.CertificateAuthority.IssueClientCertificate("kubernetes-admin", ["system:masters"], TimeSpan.FromMinutes(-1));
        config.ClientCertificateData = Convert.ToBase64String(Encoding.ASCII.GetBytes(expiredCertificate));
        config.ClientCertificateKeyData = Convert.ToBase64String(Encoding.ASCII.GetBytes(expiredKey));
        using var expired = new Kubernetes(config);
        await TestHelpers.FailsWith(HttpStatusCode.Unauthorized, () => expired.CoreV1.ListNamespaceAsync());
    }

    /// <summary>Go's RFC 3339 parser takes any fraction of a second (k8s.io/cluster-bootstrap util/secrets/secrets.go GetExpiration).</summary>
    [Fact]
    public async Task Tokens_with_nanosecond_expirations_authenticate()
    {
        var id = TestHelpers.RandomTokenPart(6);
        var secret = TestHelpers.RandomTokenPart(16);
        var body = TestHelpers.TokenSecret(id, secret, null);
        body.Data["expiration"] = Encoding.ASCII.GetBytes(DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + ".123456789Z");
        await admin.CoreV1.CreateNamespacedSecretAsync(body, "kube-system");
        using var client = new Kubernetes(fixture.Cluster.CreateTokenConfiguration(id + "." + secret));
        var review = await client.AuthenticationV1.CreateSelfSubjectReviewAsync(new V1SelfSubjectReview());
        Assert.Equal("system:bootstrap:" + id, review.Status.UserInfo.Username);
    }
}

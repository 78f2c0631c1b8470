using System.Net;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace BootstrapPortal.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class WatchTests(SandboxFixture fixture)
{
    private readonly Kubernetes admin = fixture.Admin;

    private static CancellationTokenSource Timeout() => new(TimeSpan.FromSeconds(20));

    private async Task<string> NewNamespaceAsync()
    {
        var ns = TestNames.Unique("w");
        await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        return ns;
    }

    [Fact]
    public async Task Watch_without_resourceVersion_replays_state_then_streams_changes()
    {
        var ns = await NewNamespaceAsync();
        await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "existing" } }, ns);
        using var cts = Timeout();
        var events = new List<(WatchEventType Type, string Name, string? Value)>();
        await using var enumerator = admin.CoreV1.WatchListNamespacedConfigMapAsync(ns, cancellationToken: cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await enumerator.MoveNextAsync());
        events.Add((enumerator.Current.Item1, enumerator.Current.Item2.Metadata.Name, null));

        var created = await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "new" }, Data = new Dictionary<string, string> { ["v"] = "1" } }, ns);
        created.Data["v"] = "2";
        await admin.CoreV1.ReplaceNamespacedConfigMapAsync(created, "new", ns);
        await admin.CoreV1.DeleteNamespacedConfigMapAsync("new", ns);
        while (events.Count < 4 && await enumerator.MoveNextAsync())
        {
            events.Add((enumerator.Current.Item1, enumerator.Current.Item2.Metadata.Name, (enumerator.Current.Item2.Data is { } d && d.TryGetValue("v", out var v) ? v : null)));
        }

        Assert.Equal(
            [(WatchEventType.Added, "existing", null), (WatchEventType.Added, "new", "1"), (WatchEventType.Modified, "new", "2"), (WatchEventType.Deleted, "new", "2")],
            events);
        await cts.CancelAsync();
    }

    [Fact]
    public async Task Watch_from_resourceVersion_resumes_after_it()
    {
        var ns = await NewNamespaceAsync();
        var first = await admin.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "a" } }, ns);
        await admin.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "b" } }, ns);
        using var cts = Timeout();
        await foreach (var (type, secret) in admin.CoreV1.WatchListNamespacedSecretAsync(ns, resourceVersion: first.Metadata.ResourceVersion, cancellationToken: cts.Token))
        {
            Assert.Equal(WatchEventType.Added, type);
            Assert.Equal("b", secret.Metadata.Name);
            break;
        }
    }

    [Fact]
    public async Task Too_old_resourceVersion_gives_410_error_event_and_closes()
    {
        var ns = await NewNamespaceAsync();
        var old = await admin.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "a" } }, ns);
        await admin.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "b" } }, ns);
        fixture.Cluster.Store.Compact();
        using var cts = Timeout();
        var (status, body, _) = await TestHelpers.SendRawAsync(admin, HttpMethod.Get,
            $"/api/v1/namespaces/{ns}/secrets?watch=1&resourceVersion={old.Metadata.ResourceVersion}");
        Assert.Equal(HttpStatusCode.OK, status);
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var error = Assert.Single(lines);
        var root = JsonDocument.Parse(error).RootElement;
        Assert.Equal("ERROR", root.GetProperty("type").GetString());
        var statusObject = root.GetProperty("object");
        Assert.Equal(410, statusObject.GetProperty("code").GetInt32());
        Assert.Equal("Expired", statusObject.GetProperty("reason").GetString());
        Assert.StartsWith($"too old resource version: {old.Metadata.ResourceVersion} (", statusObject.GetProperty("message").GetString(), StringComparison.Ordinal);

        var errors = new List<Exception>();
        await foreach (var item in admin.CoreV1.WatchListNamespacedSecretAsync(ns, resourceVersion: old.Metadata.ResourceVersion,
            onError: errors.Add, cancellationToken: cts.Token))
        {
            Assert.Fail("no object expected, got " + item.Item1);
        }

        var kubernetesException = Assert.IsType<KubernetesException>(Assert.Single(errors));
        Assert.Equal(410, kubernetesException.Status.Code);
    }

    [Fact]
    public async Task Bookmarks_arrive_when_allowed_and_timeoutSeconds_ends_the_stream()
    {
        var ns = await NewNamespaceAsync();
        var list = await admin.CoreV1.ListNamespacedSecretAsync(ns);
        using var cts = Timeout();
        var types = new List<WatchEventType>();
        string? bookmarkRv = null;
        await foreach (var (type, secret) in admin.CoreV1.WatchListNamespacedSecretAsync(ns, resourceVersion: list.Metadata.ResourceVersion,
            allowWatchBookmarks: true, timeoutSeconds: 4, cancellationToken: cts.Token))
        {
            types.Add(type);
            if (type == WatchEventType.Bookmark)
            {
                bookmarkRv = secret.Metadata.ResourceVersion;
            }
        }

        Assert.False(cts.IsCancellationRequested, "the stream must end by itself after timeoutSeconds");
        Assert.Contains(WatchEventType.Bookmark, types);
        Assert.All(types, t => Assert.Equal(WatchEventType.Bookmark, t));
        Assert.True(long.Parse(bookmarkRv!, System.Globalization.CultureInfo.InvariantCulture) >= long.Parse(list.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture));

        var (_, body, _) = await TestHelpers.SendRawAsync(admin, HttpMethod.Get, $"/api/v1/namespaces/{ns}/secrets?watch=true&timeoutSeconds=1");
        Assert.Equal(string.Empty, body);
    }

    [Fact]
    public async Task Label_selector_transitions_become_added_and_deleted()
    {
        var ns = await NewNamespaceAsync();
        var cm = await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "x", Labels = new Dictionary<string, string> { ["on"] = "no" } } }, ns);
        using var cts = Timeout();
        var events = new List<(WatchEventType, string)>();
        var watch = Task.Run(async () =>
        {
            await foreach (var (type, obj) in admin.CoreV1.WatchListNamespacedConfigMapAsync(ns, labelSelector: "on=yes", resourceVersion: cm.Metadata.ResourceVersion, cancellationToken: cts.Token))
            {
                events.Add((type, obj.Metadata.Labels["on"]));
                if (events.Count == 3)
                {
                    break;
                }
            }
        }, cts.Token);
        await Task.Delay(200, cts.Token);
        cm.Metadata.Labels["on"] = "yes";
        cm = await admin.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "x", ns);
        cm.Data = new Dictionary<string, string> { ["k"] = "v" };
        cm = await admin.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "x", ns);
        cm.Metadata.Labels["on"] = "no";
        var last = await admin.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "x", ns);
        await watch;
        Assert.Equal([(WatchEventType.Added, "yes"), (WatchEventType.Modified, "yes"), (WatchEventType.Deleted, "yes")], events);
        _ = last;
    }

    [Fact]
    public async Task SendInitialEvents_is_rejected_with_422()
    {
        var (status, body, _) = await TestHelpers.SendRawAsync(admin, HttpMethod.Get,
            "/api/v1/namespaces/default/secrets?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true");
        Assert.Equal((HttpStatusCode)422, status);
        var root = JsonDocument.Parse(body).RootElement;
        Assert.Equal("Invalid", root.GetProperty("reason").GetString());
        Assert.Contains("sendInitialEvents", root.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_streams_are_newline_delimited_json_per_event()
    {
        var ns = await NewNamespaceAsync();
        await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "one" } }, ns);
        await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "two" } }, ns);
        var (_, body, response) = await TestHelpers.SendRawAsync(admin, HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?watch=true&timeoutSeconds=1");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.Equal("ADDED", JsonDocument.Parse(l).RootElement.GetProperty("type").GetString()));
        Assert.Equal("ConfigMap", JsonDocument.Parse(lines[0]).RootElement.GetProperty("object").GetProperty("kind").GetString());
    }
}

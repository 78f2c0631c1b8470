using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace BootstrapPortal.Sandbox.Tests.Conformance;

/// <summary>
/// events.k8s.io/v1 served on the core Events' storage: the conversion of k/k pkg/apis/events/v1/conversion.go (fields and
/// field selectors), the validation of k/k pkg/apis/core/validation/events.go, discovery and OpenAPI, with the C# client,
/// raw HTTP and kubectl.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class EventsApiConformanceTests(SandboxFixture fixture)
{
    private const string EventsPath = "/apis/events.k8s.io/v1/namespaces/default/events";

    private async Task<string> KubectlAsync(params string[] args)
    {
        var (code, output, error) = await KubectlRunner.RunAsync(fixture.Cluster.KubeconfigPath, KubectlRunner.Kubectl, args);
        Assert.True(code == 0, $"kubectl {string.Join(' ', args)} failed ({code}): {error}");
        return output;
    }

    private static Corev1Event CoreEvent(string name, string node) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        InvolvedObject = new V1ObjectReference { Kind = "Node", Name = node, Uid = node },
        Reason = "Starting",
        Message = "Starting kubelet.",
        Source = new V1EventSource { Component = "kubelet", Host = node },
        FirstTimestamp = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc),
        LastTimestamp = new DateTime(2026, 1, 2, 3, 4, 6, DateTimeKind.Utc),
        Count = 3,
        Type = "Normal",
        ReportingComponent = "kubelet",
        ReportingInstance = node,
    };

    [Fact(Timeout = 120_000)]
    public async Task A_core_event_reads_as_an_events_api_event_with_the_fields_converted()
    {
        var name = TestNames.Unique("ev-core");
        var node = TestNames.Unique("node");
        var created = await fixture.Admin.CoreV1.CreateNamespacedEventAsync(CoreEvent(name, node), "default");

        var converted = await fixture.Admin.EventsV1.ReadNamespacedEventAsync(name, "default");
        Assert.Equal("events.k8s.io/v1", converted.ApiVersion);
        Assert.Equal(created.Metadata.ResourceVersion, converted.Metadata.ResourceVersion);
        Assert.Equal(node, converted.Regarding.Name);
        Assert.Equal("Starting kubelet.", converted.Note);
        Assert.Equal("kubelet", converted.ReportingController);
        Assert.Equal(node, converted.ReportingInstance);
        Assert.Equal(3, converted.DeprecatedCount);
        Assert.Equal(node, converted.DeprecatedSource.Host);
        Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), converted.DeprecatedFirstTimestamp!.Value.ToUniversalTime());

        var (status, body, _) = await TestHelpers.SendRawAsync(fixture.Admin, HttpMethod.Get, EventsPath + "/" + name);
        Assert.Equal(HttpStatusCode.OK, status);
        var raw = JsonNode.Parse(body)!.AsObject();
        Assert.False(raw.ContainsKey("involvedObject"));
        Assert.False(raw.ContainsKey("message"));
    }

    [Fact(Timeout = 120_000)]
    public async Task An_events_api_event_is_stored_as_a_core_event()
    {
        var name = TestNames.Unique("ev-new");
        var node = TestNames.Unique("node");
        var created = await fixture.Admin.EventsV1.CreateNamespacedEventAsync(new Eventsv1Event
        {
            Metadata = new V1ObjectMeta { Name = name },
            EventTime = new DateTime(2026, 1, 2, 3, 4, 5, 123, DateTimeKind.Utc),
            ReportingController = "example.com/bootstrap-portal",
            ReportingInstance = "portal-0",
            Action = "Approve",
            Reason = "CsrApprove",
            Note = "approved by an operator",
            Type = "Normal",
            Regarding = new V1ObjectReference { Kind = "Node", Name = node, ApiVersion = "v1" },
            Related = new V1ObjectReference { Kind = "CertificateSigningRequest", Name = "csr-1", ApiVersion = "certificates.k8s.io/v1" },
        }, "default");
        Assert.Equal("default", created.Metadata.NamespaceProperty);

        var core = await fixture.Admin.CoreV1.ReadNamespacedEventAsync(name, "default");
        Assert.Equal(node, core.InvolvedObject.Name);
        Assert.Equal("approved by an operator", core.Message);
        Assert.Equal("example.com/bootstrap-portal", core.ReportingComponent);
        Assert.Equal("portal-0", core.ReportingInstance);
        Assert.Equal("Approve", core.Action);
        Assert.Equal("csr-1", core.Related.Name);

        // Field selectors in the events.k8s.io names select on the same storage.
        var selected = await fixture.Admin.EventsV1.ListNamespacedEventAsync("default", fieldSelector: $"regarding.name={node},reportingController=example.com/bootstrap-portal");
        Assert.Equal(name, Assert.Single(selected.Items).Metadata.Name);
        var (status, body, _) = await TestHelpers.SendRawAsync(fixture.Admin, HttpMethod.Get, EventsPath + "?fieldSelector=involvedObject.name%3Dx");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("field label not supported: involvedObject.name", body, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task The_events_api_validates_new_events_strictly()
    {
        var name = TestNames.Unique("ev-bad");
        var body = $$$"""{"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"{{{name}}}"},"regarding":{"kind":"Node","name":"n"},"deprecatedCount":2,"note":"{{{new string('x', 1025)}}}","type":"Odd"}""";
        var (status, text, _) = await TestHelpers.SendRawAsync(fixture.Admin, HttpMethod.Post, EventsPath, body);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var causes = JsonNode.Parse(text)!["details"]!["causes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>() + ": " + c["message"]!.GetValue<string>()).ToList();
        Assert.Contains("eventTime: Required value", causes);
        Assert.Contains("type: Invalid value: \"\": has invalid value: Odd", causes);
        Assert.Contains("deprecatedCount: Invalid value: \"\": needs to be unset", causes);

        var timed = $$$"""{"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"{{{name}}}"},"eventTime":"2026-01-02T03:04:05.000000Z","regarding":{"kind":"Node","name":"n"},"note":"{{{new string('x', 1025)}}}","type":"Normal"}""";
        (status, text, _) = await TestHelpers.SendRawAsync(fixture.Admin, HttpMethod.Post, EventsPath, timed);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        causes = [.. JsonNode.Parse(text)!["details"]!["causes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>() + ": " + c["message"]!.GetValue<string>())];
        Assert.Contains("reportingController: Required value", causes);
        Assert.Contains("reportingInstance: Required value", causes);
        Assert.Contains("action: Required value", causes);
        Assert.Contains("reason: Required value", causes);
        Assert.Contains("message: Invalid value: \"\": can have at most 1024 characters", causes);

        // The core API keeps accepting the legacy form the kubelets write.
        await fixture.Admin.CoreV1.CreateNamespacedEventAsync(CoreEvent(name, "n"), "default");
    }

    [Fact(Timeout = 120_000)]
    public async Task An_events_api_watch_sees_core_events_converted()
    {
        var node = TestNames.Unique("node");
        var name = TestNames.Unique("ev-watch");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var list = await fixture.Admin.EventsV1.ListNamespacedEventAsync("default", cancellationToken: cancel.Token);

        // Created through the core API after the list: the watch from the list's version replays it from the shared history.
        await fixture.Admin.CoreV1.CreateNamespacedEventAsync(CoreEvent(name, node), "default", cancellationToken: cancel.Token);
        await foreach (var (type, item) in fixture.Admin.EventsV1.WatchListNamespacedEventAsync("default", resourceVersion: list.Metadata.ResourceVersion,
            fieldSelector: "regarding.name=" + node, cancellationToken: cancel.Token))
        {
            Assert.Equal(WatchEventType.Added, type);
            Assert.Equal("events.k8s.io/v1", item.ApiVersion);
            Assert.Equal(node, item.Regarding.Name);
            Assert.Equal("Starting kubelet.", item.Note);
            return;
        }

        Assert.Fail("the watch ended without the event");
    }

    [Fact(Timeout = 120_000)]
    public async Task Kubectl_discovers_lists_and_explains_the_events_api()
    {
        var node = TestNames.Unique("node");
        await fixture.Admin.CoreV1.CreateNamespacedEventAsync(CoreEvent(TestNames.Unique("ev-kubectl"), node), "default");

        var resources = await KubectlAsync("api-resources", "--api-group=events.k8s.io", "-o", "wide");
        Assert.Contains("events.k8s.io/v1", resources, StringComparison.Ordinal);
        var table = await KubectlAsync("get", "events.events.k8s.io", "-n", "default");
        Assert.Contains("REASON", table, StringComparison.Ordinal);
        Assert.Contains("node/" + node, table, StringComparison.Ordinal);
        var events = await KubectlAsync("events", "-n", "default");
        Assert.Contains("Starting kubelet.", events, StringComparison.Ordinal);

        var explain = await KubectlAsync("explain", "events.regarding", "--api-version=events.k8s.io/v1");
        Assert.Contains("GROUP:      events.k8s.io", explain, StringComparison.Ordinal);
        Assert.Contains("fieldPath\t<string>", explain, StringComparison.Ordinal);

        var (status, body, _) = await TestHelpers.SendRawAsync(fixture.Admin, HttpMethod.Get, "/openapi/v3/apis/events.k8s.io/v1");
        Assert.Equal(HttpStatusCode.OK, status);
        var schemas = JsonNode.Parse(body)!["components"]!["schemas"]!.AsObject();
        Assert.Equal("#/components/schemas/io.k8s.api.core.v1.ObjectReference",
            schemas["io.k8s.api.events.v1.Event"]!["properties"]!["regarding"]!["allOf"]![0]!["$ref"]!.GetValue<string>());
        Assert.True(schemas.ContainsKey("io.k8s.api.core.v1.ObjectReference"));
    }
}

using System.Net;
using k8s;
using k8s.Models;

namespace BootstrapPortal.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class PatchTests(SandboxFixture fixture)
{
    private readonly Kubernetes admin = fixture.Admin;

    [Fact]
    public async Task Merge_patch_sets_and_removes_keys()
    {
        var name = TestNames.Unique("cm");
        await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name }, Data = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" } }, "default");
        var patched = await admin.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"a":null,"c":"3"},"metadata":{"labels":{"x":"y"}}}""", V1Patch.PatchType.MergePatch), name, "default");
        Assert.Equal(new Dictionary<string, string> { ["b"] = "2", ["c"] = "3" }, patched.Data);
        Assert.Equal("y", patched.Metadata.Labels["x"]);
    }

    [Fact]
    public async Task Json_patch_supports_add_replace_remove_test()
    {
        var name = TestNames.Unique("cm");
        await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name }, Data = new Dictionary<string, string> { ["a"] = "1" } }, "default");
        var patched = await admin.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(
            """[{"op":"test","path":"/data/a","value":"1"},{"op":"replace","path":"/data/a","value":"9"},{"op":"add","path":"/metadata/annotations","value":{}},{"op":"add","path":"/metadata/annotations/example.com~1note","value":"2"}]""",
            V1Patch.PatchType.JsonPatch), name, "default");
        Assert.Equal("9", patched.Data["a"]);
        Assert.Equal("2", patched.Metadata.Annotations["example.com/note"]);
        var removed = await admin.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""[{"op":"remove","path":"/data/a"}]""", V1Patch.PatchType.JsonPatch), name, "default");
        Assert.False(removed.Data.ContainsKey("a"));
        var failedTest = await TestHelpers.FailsWith((HttpStatusCode)422, () => admin.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""[{"op":"test","path":"/metadata/annotations/example.com~1note","value":"nope"}]""", V1Patch.PatchType.JsonPatch), name, "default"));
        Assert.Equal("Invalid", failedTest.Reason());
    }

    [Fact]
    public async Task Strategic_merge_patch_merges_conditions_by_type_and_replaces_other_lists()
    {
        var name = TestNames.Unique("node");
        await admin.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = name, Finalizers = ["a.io/x"] } });
        await admin.CoreV1.PatchNodeStatusAsync(new V1Patch("""{"status":{"conditions":[{"type":"Ready","status":"False"},{"type":"MemoryPressure","status":"False"}]}}""", V1Patch.PatchType.StrategicMergePatch), name);
        var patched = await admin.CoreV1.PatchNodeStatusAsync(new V1Patch("""{"status":{"conditions":[{"type":"Ready","status":"True","reason":"KubeletReady"}]}}""", V1Patch.PatchType.StrategicMergePatch), name);
        Assert.Equal(["Ready", "MemoryPressure"], patched.Status.Conditions.Select(c => c.Type));
        Assert.Equal("True", patched.Status.Conditions[0].Status);
        Assert.Equal("KubeletReady", patched.Status.Conditions[0].Reason);

        var merged = await admin.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"finalizers":["b.io/y"]}}""", V1Patch.PatchType.StrategicMergePatch), name);
        Assert.Equal(["a.io/x", "b.io/y"], merged.Metadata.Finalizers);
        var mergeReplaced = await admin.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"finalizers":[]}}""", V1Patch.PatchType.MergePatch), name);
        Assert.Null(mergeReplaced.Metadata.Finalizers is { Count: > 0 } ? mergeReplaced.Metadata.Finalizers : null);

        var deleted = await admin.CoreV1.PatchNodeStatusAsync(new V1Patch("""{"status":{"conditions":[{"type":"MemoryPressure","$patch":"delete"}]}}""", V1Patch.PatchType.StrategicMergePatch), name);
        Assert.Equal(["Ready"], deleted.Status.Conditions.Select(c => c.Type));
        await admin.CoreV1.DeleteNodeAsync(name);
    }

    [Fact]
    public async Task Patch_with_stale_resourceVersion_conflicts_and_an_apply_must_name_its_object()
    {
        var name = TestNames.Unique("cm");
        var created = await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name } }, "default");
        await admin.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"a":"1"}}""", V1Patch.PatchType.MergePatch), name, "default");
        var conflict = await TestHelpers.FailsWith(HttpStatusCode.Conflict, () => admin.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("{\"metadata\":{\"resourceVersion\":\"" + created.Metadata.ResourceVersion + "\"},\"data\":{\"a\":\"2\"}}", V1Patch.PatchType.MergePatch), name, "default"));
        Assert.Equal("Conflict", conflict.Reason());
        var apply = await TestHelpers.FailsWith(HttpStatusCode.BadRequest, () => admin.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}""", V1Patch.PatchType.ApplyPatch), name, "default", fieldManager: "test"));
        Assert.Equal($"the name of the object (x) does not match the name on the URL ({name})", apply.Message());
    }
}

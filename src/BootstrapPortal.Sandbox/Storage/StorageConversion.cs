using System.Text.Json.Nodes;
using BootstrapPortal.Sandbox.Server;

namespace BootstrapPortal.Sandbox.Storage;

/// <summary>
/// Resources kept in another resource's storage (<see cref="ResourceDefinition.StorageResource"/>): their objects are converted
/// on the way in and out, so one stored object has one resourceVersion and one watch history in every form it is served in.
/// </summary>
internal static class StorageConversion
{
    public static ResourceDefinition StorageOf(ResourceDefinition resource) => resource.StorageResource ?? resource;

    public static JsonObject ToStorage(ResourceDefinition resource, JsonObject obj) =>
        resource == ResourceCatalog.EventsV1 ? EventConversion.ToCore(obj) : obj;

    public static JsonObject FromStorage(ResourceDefinition resource, JsonObject obj) =>
        resource == ResourceCatalog.EventsV1 ? EventConversion.ToEvents(obj) : obj;

    public static StoredObject View(ResourceDefinition resource, StoredObject stored) =>
        resource.StorageResource is null ? stored : stored with { Resource = resource, Json = EventConversion.ToEvents(stored.Json) };

    public static StoredObject? ViewOrNull(ResourceDefinition resource, StoredObject? stored) => stored is null ? null : View(resource, stored);

    public static IReadOnlyList<StoredObject> View(ResourceDefinition resource, IReadOnlyList<StoredObject> items) =>
        resource.StorageResource is null ? items : [.. items.Select(i => View(resource, i))];
}

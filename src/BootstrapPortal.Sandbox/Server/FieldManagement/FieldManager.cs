using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace BootstrapPortal.Sandbox.Server.FieldManagement;

/// <summary>
/// Server-side field management (k8s.io/apiserver pkg/endpoints/handlers/fieldmanager, sigs.k8s.io/structured-merge-diff
/// merge/update.go): every create, update and patch records an <c>Update</c> entry for its manager owning what it added or
/// changed (and takes those fields from the other managers); a server-side apply merges the configuration, removes what the
/// applier owned alone and stopped sending, and answers 409 when it would change a field another manager owns, unless forced.
/// </summary>
internal sealed class FieldManager
{
    /// <summary>The longest fieldManager (k8s.io/apimachinery pkg/apis/meta/v1/validation FieldManagerMaxLength).</summary>
    public const int MaxManagerLength = 128;

    private static readonly FieldSet Stripped = StrippedFields();

    private readonly IReadOnlyDictionary<Type, FieldSchema> schemas;
    private readonly TimeProvider timeProvider;

    public FieldManager(TimeProvider timeProvider)
    {
        this.timeProvider = timeProvider;
        schemas = FieldSchema.Build(ResourceCatalog.All.Where(r => !r.IsReview));
    }

    /// <summary>
    /// The manager of a write: the <c>fieldManager</c> option, or the program name of the User-Agent (rest.go
    /// <c>managerOrUserAgent</c>); longer than 128 characters is 422.
    /// </summary>
    public static string ManagerOf(HttpContext context, string optionsKind, bool apply)
    {
        var manager = context.Request.Query["fieldManager"].ToString();
        if (manager.Length == 0)
        {
            if (apply)
            {
                throw ApiException.InvalidOptions(optionsKind, FieldError.Required("fieldManager", "is required for apply patch"));
            }

            manager = context.Request.Headers.UserAgent.ToString().Split('/')[0];
            return manager.Length > MaxManagerLength ? manager[..MaxManagerLength] : manager;
        }

        if (manager.Length > MaxManagerLength)
        {
            throw ApiException.InvalidOptions(optionsKind, new FieldError("FieldValueTooLong", "fieldManager", $"Too long: may not be more than {MaxManagerLength} bytes"));
        }

        if (manager.Any(char.IsControl))
        {
            throw ApiException.InvalidOptions(optionsKind, FieldError.Invalid("fieldManager", FieldError.Quote(manager), "FieldManager must only contain printable characters"));
        }

        return manager;
    }

    /// <summary>The managedFields after a create (<paramref name="live"/> null) or update by <paramref name="manager"/>.</summary>
    public JsonArray Update(ResourceDefinition resource, JsonObject? live, JsonObject updated, string manager, string? subresource)
    {
        var schema = schemas[resource.ModelType];
        var entries = live is null ? [] : ManagedFieldsEntry.Read(live);
        var (added, modified, removed) = FieldWalker.Compare(live ?? Empty(schema), updated, schema);
        var changed = Filter(added.Union(modified), resource, subresource);
        removed = Filter(removed, resource, subresource);
        for (var i = 0; i < entries.Count; i++)
        {
            entries[i] = entries[i] with { Fields = entries[i].Fields.Difference(changed).Difference(removed) };
        }

        var self = new ManagedFieldsEntry(manager, ManagedFieldsEntry.Update, resource.GroupVersion, null, subresource, new FieldSet());
        var index = entries.FindIndex(e => e.SameOwner(self));
        var previous = index >= 0 ? entries[index] : null;
        var fields = (previous?.Fields ?? new FieldSet()).Union(changed);
        var time = changed.IsEmpty && removed.IsEmpty && previous is not null ? previous.Time : Now();
        self = self with { Fields = fields, Time = time };
        if (index >= 0)
        {
            entries[index] = self;
        }
        else
        {
            entries.Add(self);
        }

        return ManagedFieldsEntry.Write(entries);
    }

    /// <summary>
    /// Server-side apply of <paramref name="config"/> onto <paramref name="live"/> (null: the object does not exist yet): the
    /// merged object and its managedFields, or 409 Conflict naming every field another manager owns that the apply would change.
    /// </summary>
    public (JsonObject Merged, JsonArray ManagedFields) Apply(ResourceDefinition resource, JsonObject? live, JsonObject config, string manager,
        string? subresource, bool force)
    {
        var schema = schemas[resource.ModelType];
        var entries = live is null ? [] : ManagedFieldsEntry.Read(live);
        var baseline = live?.DeepClone().AsObject() ?? Empty(schema);
        (baseline["metadata"] as JsonObject)?.Remove("managedFields");
        var applied = Filter(FieldWalker.ToFieldSet(config, schema), resource, subresource);
        var self = new ManagedFieldsEntry(manager, ManagedFieldsEntry.Apply, resource.GroupVersion, null, subresource, applied);
        var index = entries.FindIndex(e => e.SameOwner(self));
        var previous = index >= 0 ? entries[index] : null;
        var merged = live is null ? config.DeepClone().AsObject() : (JsonObject)FieldWalker.Merge(baseline, config, schema)!;

        // Prune what this applier owned alone and no longer applies (merge/update.go prune).
        var others = entries.Where(e => !e.SameOwner(self)).Aggregate(new FieldSet(), (set, e) => set.Union(e.Fields));
        if (previous is not null)
        {
            foreach (var path in previous.Fields.Difference(applied).Paths().OrderBy(p => p.Length))
            {
                if (!others.Contains(path) && !others.HasMemberBelow(path) && !applied.HasMemberBelow(path))
                {
                    FieldWalker.Remove(merged, path, schema);
                }
            }
        }

        var (added, modified, removed) = FieldWalker.Compare(baseline, merged, schema);
        var changed = Filter(added.Union(modified), resource, subresource);
        removed = Filter(removed, resource, subresource);
        var conflicts = new List<(ManagedFieldsEntry Owner, string[] Path)>();
        foreach (var entry in entries.Where(e => !e.SameOwner(self)))
        {
            conflicts.AddRange(entry.Fields.Intersection(changed).Paths().Select(p => (entry, p)));
        }

        if (conflicts.Count > 0 && !force)
        {
            throw ConflictError(conflicts);
        }

        for (var i = 0; i < entries.Count; i++)
        {
            if (!entries[i].SameOwner(self))
            {
                entries[i] = entries[i] with { Fields = entries[i].Fields.Difference(changed).Difference(removed) };
            }
        }

        var unchanged = changed.IsEmpty && removed.IsEmpty && previous is not null && previous.Fields.SetEquals(applied);
        self = self with { Time = unchanged ? previous!.Time : Now() };
        if (index >= 0)
        {
            entries[index] = self;
        }
        else
        {
            entries.Add(self);
        }

        return (merged, ManagedFieldsEntry.Write(entries));
    }

    /// <summary>409 Conflict with one <c>FieldManagerConflict</c> cause per field (internal/conflict.go NewConflictError).</summary>
    private static ApiException ConflictError(List<(ManagedFieldsEntry Owner, string[] Path)> conflicts)
    {
        var causes = new JsonArray();
        foreach (var (owner, path) in conflicts)
        {
            causes.Add(new JsonObject
            {
                ["type"] = "FieldManagerConflict",
                ["message"] = "conflict with " + owner.Describe(),
                ["field"] = FieldSet.Display(path),
            });
        }

        string message;
        if (conflicts.Count == 1)
        {
            message = $"Apply failed with 1 conflict: conflict with {conflicts[0].Owner.Describe()}: {FieldSet.Display(conflicts[0].Path)}";
        }
        else
        {
            var lines = conflicts.GroupBy(c => c.Owner.Describe()).OrderBy(g => g.Key, StringComparer.Ordinal)
                .SelectMany(g => g.Select(c => "- " + FieldSet.Display(c.Path)).Prepend($"conflicts with {g.Key}:"));
            message = $"Apply failed with {conflicts.Count} conflicts: {string.Join("\n", lines)}";
        }

        return new ApiException(409, "Conflict", message, new JsonObject { ["causes"] = causes });
    }

    /// <summary>
    /// Drops what no manager owns: type and object identity (internal/stripmeta.go), and the fields the endpoint resets — status
    /// on the main resource of a kind with a status subresource, spec on its subresources (the strategies' GetResetFields).
    /// </summary>
    private static FieldSet Filter(FieldSet set, ResourceDefinition resource, string? subresource)
    {
        var result = set.Difference(Stripped);
        var reset = new FieldSet();
        if (subresource is null && resource.Subresources.Contains("status"))
        {
            reset.Insert([FieldSet.Field("status")]);
        }
        else if (subresource is not null)
        {
            reset.Insert([FieldSet.Field("spec")]);
        }

        return reset.IsEmpty ? result : result.RecursiveDifference(reset);
    }

    private static FieldSet StrippedFields()
    {
        var set = new FieldSet();
        set.Insert([FieldSet.Field("apiVersion")]);
        set.Insert([FieldSet.Field("kind")]);
        set.Insert([FieldSet.Field("metadata")]);
        foreach (var field in new[] { "name", "namespace", "creationTimestamp", "selfLink", "uid", "clusterName", "generation", "managedFields", "resourceVersion" })
        {
            set.Insert([FieldSet.Field("metadata"), FieldSet.Field(field)]);
        }

        return set;
    }

    /// <summary>An empty object as Go encodes one: its non-pointer structs present and empty.</summary>
    private static JsonObject Empty(FieldSchema schema)
    {
        var result = new JsonObject();
        foreach (var field in schema.AlwaysPresent)
        {
            result[field] = Empty(schema.FieldOf(field)!);
        }

        return result;
    }

    private string Now() => WireNormalizer.FormatTime(timeProvider.GetUtcNow());
}

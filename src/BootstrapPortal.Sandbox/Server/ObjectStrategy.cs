using System.Text.Json.Nodes;
using BootstrapPortal.Sandbox.Auth;
using BootstrapPortal.Sandbox.Certificates;
using BootstrapPortal.Sandbox.Storage;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>Per-resource create/update rules of the registry strategies (status subresources, the CSR rules of k/k pkg/registry/certificates/certificates/strategy.go, validation).</summary>
internal sealed partial class ObjectStrategy
{
    private readonly TimeProvider timeProvider;

    public ObjectStrategy(TimeProvider timeProvider) => this.timeProvider = timeProvider;

    public static void PrepareForCreate(ResourceDefinition resource, JsonObject obj, SandboxUser user)
    {
        obj["kind"] = resource.Kind;
        obj["apiVersion"] = resource.GroupVersion;
        NormalizeSecret(resource, obj);
        if (resource == ResourceCatalog.CertificateSigningRequests)
        {
            var spec = obj["spec"] as JsonObject ?? new JsonObject();
            obj["spec"] = spec;
            spec.Remove("username");
            spec.Remove("uid");
            spec.Remove("groups");
            spec.Remove("extra");
            spec["username"] = user.Name;
            if (user.Uid is not null)
            {
                spec["uid"] = user.Uid;
            }

            spec["groups"] = new JsonArray([.. user.Groups.Select(g => (JsonNode)JsonValue.Create(g))]);
            if (user.Extra.Count > 0)
            {
                var extra = new JsonObject();
                foreach (var (key, values) in user.Extra)
                {
                    extra[key] = new JsonArray([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
                }

                spec["extra"] = extra;
            }

            obj["status"] = new JsonObject();
        }
        else if (resource == ResourceCatalog.Namespaces)
        {
            obj["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
            obj["status"] = new JsonObject { ["phase"] = "Active" };
        }
    }

    /// <summary>
    /// Secrets: the type defaults to <c>Opaque</c> (k/k pkg/apis/core/v1/defaults.go <c>SetDefaults_Secret</c>); write-only
    /// <c>stringData</c> is merged into <c>data</c> (base64) and never stored.
    /// </summary>
    public static void NormalizeSecret(ResourceDefinition resource, JsonObject obj)
    {
        if (resource != ResourceCatalog.Secrets)
        {
            return;
        }

        if (obj["type"] is not JsonValue type || type.GetValue<string>().Length == 0)
        {
            obj["type"] = "Opaque";
        }

        if (obj["stringData"] is not JsonObject stringData)
        {
            return;
        }

        var data = obj["data"] as JsonObject ?? new JsonObject();
        obj["data"] = data;
        foreach (var (key, value) in stringData)
        {
            data[key] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value?.GetValue<string>() ?? string.Empty));
        }

        obj.Remove("stringData");
    }

    /// <summary>Applies the update strategy: what the request may change for the main resource or a subresource.</summary>
    public void PrepareForUpdate(ResourceDefinition resource, string? subresource, JsonObject updated, StoredObject current)
    {
        var old = current.ToNode();
        NormalizeSecret(resource, updated);
        updated["kind"] = resource.Kind;
        updated["apiVersion"] = resource.GroupVersion;
        var metadata = updated["metadata"] as JsonObject ?? new JsonObject();
        updated["metadata"] = metadata;
        var oldMetadata = (JsonObject)old["metadata"]!;
        foreach (var field in new[] { "name", "namespace", "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generateName" })
        {
            metadata.Remove(field);
            if (oldMetadata[field] is { } value)
            {
                metadata[field] = value.DeepClone();
            }
        }

        var hasStatus = resource.Subresources.Contains("status");
        if (resource == ResourceCatalog.Namespaces && subresource == "finalize")
        {
            // namespaceFinalizeStrategy: only spec.finalizers changes.
            var finalizers = updated["spec"]?["finalizers"]?.DeepClone();
            foreach (var field in updated.Select(p => p.Key).ToList())
            {
                updated.Remove(field);
            }

            foreach (var (field, value) in old)
            {
                updated[field] = value?.DeepClone();
            }

            var spec = updated["spec"] as JsonObject ?? new JsonObject();
            updated["spec"] = spec;
            spec.Remove("finalizers");
            if (finalizers is JsonArray { Count: > 0 })
            {
                spec["finalizers"] = finalizers;
            }

            return;
        }

        if (resource == ResourceCatalog.Namespaces && subresource is null && old["metadata"]?["deletionTimestamp"] is not null)
        {
            // A terminating namespace keeps its deletion state.
            Replace(updated["metadata"]!.AsObject(), "deletionTimestamp", oldMetadata);
        }

        if (resource == ResourceCatalog.CertificateSigningRequests)
        {
            updated["spec"] = old["spec"]?.DeepClone();
            switch (subresource)
            {
                case null:
                    Replace(updated, "status", old);
                    break;
                case "approval":
                    var status = updated["status"] as JsonObject ?? new JsonObject();
                    updated["status"] = status;
                    status.Remove("certificate");
                    if (old["status"]?["certificate"] is { } certificate)
                    {
                        status["certificate"] = certificate.DeepClone();
                    }

                    PopulateConditionTimestamps(updated, old);
                    break;
                case "status":
                    PreserveApprovalConditions(updated, old);
                    PopulateConditionTimestamps(updated, old);
                    break;
            }

            NormalizeEmptyStatus(updated);
        }
        else if (hasStatus)
        {
            if (subresource == "status")
            {
                Replace(updated, "spec", old);
                foreach (var field in new[] { "labels", "annotations", "finalizers", "ownerReferences" })
                {
                    Replace(metadata, field, oldMetadata);
                }
            }
            else
            {
                Replace(updated, "status", old);
            }
        }
    }

    /// <summary>Validation; returns field errors (empty = valid).</summary>
    public static List<FieldError> Validate(ResourceDefinition resource, JsonObject obj, JsonObject? old, string? subresource)
    {
        var errors = new List<FieldError>();
        var name = obj["metadata"]?["name"]?.GetValue<string>();
        if (string.IsNullOrEmpty(name) && string.IsNullOrEmpty(obj["metadata"]?["generateName"]?.GetValue<string>()))
        {
            errors.Add(FieldError.Required("metadata.name", "name or generateName is required"));
        }

        else if (!string.IsNullOrEmpty(name))
        {
            errors.AddRange(ValidateName(resource, name));
        }

        if (resource == ResourceCatalog.Events || resource == ResourceCatalog.EventsV1)
        {
            var eventsApi = resource == ResourceCatalog.EventsV1;
            errors.AddRange(EventValidation.Validate(eventsApi ? EventConversion.ToCore(obj) : obj,
                old is null ? null : eventsApi ? EventConversion.ToCore(old) : old, eventsApi));
        }

        if (resource == ResourceCatalog.Secrets || resource == ResourceCatalog.ConfigMaps)
        {
            foreach (var field in new[] { "data", "binaryData" })
            {
                foreach (var (key, _) in obj[field] as JsonObject ?? [])
                {
                    if (key.Length > 253 || !ConfigKey().IsMatch(key))
                    {
                        errors.Add(FieldError.Invalid($"{field}[{key}]", FieldError.Quote(key),
                            "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"));
                    }
                }
            }
        }

        if (resource == ResourceCatalog.Secrets)
        {
            errors.AddRange(SecretValidation.Validate(obj));
        }

        if (resource == ResourceCatalog.Secrets && old is not null)
        {
            var oldType = old["type"]?.GetValue<string>() ?? "Opaque";
            var newType = obj["type"]?.GetValue<string>() ?? "Opaque";
            if (oldType != newType)
            {
                errors.Add(FieldError.Invalid("type", FieldError.Quote(newType), "field is immutable"));
            }
        }

        if ((resource == ResourceCatalog.Secrets || resource == ResourceCatalog.ConfigMaps) && old is not null)
        {
            errors.AddRange(SecretValidation.ValidateImmutable(resource, obj, old));
        }

        if ((resource == ResourceCatalog.RoleBindings || resource == ResourceCatalog.ClusterRoleBindings) && old is not null
            && !JsonNode.DeepEquals(obj["roleRef"], old["roleRef"]))
        {
            var roleRef = old["roleRef"];
            errors.Add(FieldError.Invalid("roleRef", $"rbac.RoleRef{{APIGroup:{FieldError.Quote(roleRef?["apiGroup"]?.GetValue<string>() ?? string.Empty)}, Kind:{FieldError.Quote(roleRef?["kind"]?.GetValue<string>() ?? string.Empty)}, Name:{FieldError.Quote(roleRef?["name"]?.GetValue<string>() ?? string.Empty)}}}", "cannot change roleRef"));
        }

        if (resource == ResourceCatalog.Leases)
        {
            if (obj["spec"]?["leaseDurationSeconds"] is JsonValue duration && duration.GetValue<long>() <= 0)
            {
                errors.Add(FieldError.Invalid("spec.leaseDurationSeconds", duration.GetValue<long>(), "must be greater than 0"));
            }

            if (obj["spec"]?["leaseTransitions"] is JsonValue transitions && transitions.GetValue<long>() < 0)
            {
                errors.Add(FieldError.Invalid("spec.leaseTransitions", transitions.GetValue<long>(), "must be greater than or equal to 0"));
            }
        }

        if (resource == ResourceCatalog.CertificateSigningRequests)
        {
            errors.AddRange(CsrValidation.Validate(obj, old, subresource));
        }

        return errors;
    }

    /// <summary>Name rules: namespaces are DNS-1123 labels, RBAC names path segments, CSRs unrestricted, others DNS-1123 subdomains.</summary>
    private static IEnumerable<FieldError> ValidateName(ResourceDefinition resource, string name)
    {
        if (resource == ResourceCatalog.CertificateSigningRequests)
        {
            yield break;
        }

        if (resource.Group == "rbac.authorization.k8s.io")
        {
            if (name is "." or "..")
            {
                yield return FieldError.Invalid("metadata.name", FieldError.Quote(name), $"may not be '{name}'");
            }

            foreach (var illegal in new[] { "/", "%" })
            {
                if (name.Contains(illegal, StringComparison.Ordinal))
                {
                    yield return FieldError.Invalid("metadata.name", FieldError.Quote(name), $"may not contain '{illegal}'");
                }
            }

            yield break;
        }

        if (resource == ResourceCatalog.Namespaces)
        {
            if (name.Length > 63)
            {
                yield return FieldError.Invalid("metadata.name", FieldError.Quote(name), "must be no more than 63 characters");
            }

            if (!CsrValidation.Dns1123Label().IsMatch(name))
            {
                yield return FieldError.Invalid("metadata.name", FieldError.Quote(name), CsrValidation.Dns1123LabelError);
            }

            yield break;
        }

        if (name.Length > 253)
        {
            yield return FieldError.Invalid("metadata.name", FieldError.Quote(name), "must be no more than 253 characters");
        }

        if (!CsrValidation.Dns1123Subdomain().IsMatch(name))
        {
            yield return FieldError.Invalid("metadata.name", FieldError.Quote(name), CsrValidation.Dns1123SubdomainError);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\A[-._a-zA-Z0-9]+\z")]
    private static partial System.Text.RegularExpressions.Regex ConfigKey();

    private void PopulateConditionTimestamps(JsonObject updated, JsonObject old)
    {
        var now = ObjectStore.FormatTime(timeProvider.GetUtcNow());
        var oldConditions = old["status"]?["conditions"] as JsonArray ?? [];
        if (updated["status"]?["conditions"] is not JsonArray conditions)
        {
            return;
        }

        foreach (var condition in conditions.OfType<JsonObject>())
        {
            if (string.IsNullOrEmpty(condition["lastUpdateTime"]?.GetValue<string>()))
            {
                condition["lastUpdateTime"] = now;
            }

            if (string.IsNullOrEmpty(condition["lastTransitionTime"]?.GetValue<string>()))
            {
                var previous = oldConditions.OfType<JsonObject>().FirstOrDefault(o =>
                    o["type"]?.GetValue<string>() == condition["type"]?.GetValue<string>()
                    && o["status"]?.GetValue<string>() == condition["status"]?.GetValue<string>()
                    && !string.IsNullOrEmpty(o["lastTransitionTime"]?.GetValue<string>()));
                condition["lastTransitionTime"] = previous?["lastTransitionTime"]?.GetValue<string>() ?? now;
            }
        }
    }

    /// <summary>
    /// <c>preserveConditionInstances</c> of the CSR status strategy: when the request has as many Approved/Denied conditions as the
    /// stored object, the stored instances are put back in their places; when it added or removed one, nothing is preserved and
    /// validation refuses the change (422 "updates may not add/remove a condition of type …").
    /// </summary>
    private static void PreserveApprovalConditions(JsonObject updated, JsonObject old)
    {
        var status = updated["status"] as JsonObject ?? new JsonObject();
        updated["status"] = status;
        var conditions = status["conditions"] as JsonArray ?? [];
        static bool IsApproval(JsonNode? c) => c?["type"]?.GetValue<string>() is "Approved" or "Denied";
        var oldApprovals = (old["status"]?["conditions"] as JsonArray ?? []).Where(IsApproval).ToList();
        var newIndices = conditions.Select((c, i) => (c, i)).Where(p => IsApproval(p.c)).Select(p => p.i).ToList();
        if (oldApprovals.Count != newIndices.Count)
        {
            return;
        }

        for (var i = 0; i < newIndices.Count; i++)
        {
            conditions[newIndices[i]] = oldApprovals[i]!.DeepClone();
        }
    }

    private static void NormalizeEmptyStatus(JsonObject obj)
    {
        if (obj["status"] is JsonObject status && status["conditions"] is JsonArray { Count: 0 })
        {
            status.Remove("conditions");
        }

        obj["status"] ??= new JsonObject();
    }

    private static void Replace(JsonObject target, string field, JsonObject source)
    {
        target.Remove(field);
        if (source[field] is { } value)
        {
            target[field] = value.DeepClone();
        }
    }
}

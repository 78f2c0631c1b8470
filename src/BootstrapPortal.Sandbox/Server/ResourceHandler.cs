using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Sandbox.Auth;
using BootstrapPortal.Sandbox.Certificates;
using BootstrapPortal.Sandbox.Storage;
using Microsoft.AspNetCore.Http;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>get/list/watch/create/update/patch/delete/deletecollection for the stored resources.</summary>
internal sealed class ResourceHandler
{
    private readonly ObjectStore store;
    private readonly ObjectStrategy strategy;
    private readonly ObjectDecoder decoder;
    private readonly SandboxAuthorizer authorizer;
    private readonly SandboxServerSettings settings;

    public ResourceHandler(ObjectStore store, ObjectStrategy strategy, ObjectDecoder decoder, SandboxAuthorizer authorizer, SandboxServerSettings settings)
    {
        this.store = store;
        this.strategy = strategy;
        this.decoder = decoder;
        this.authorizer = authorizer;
        this.settings = settings;
    }

    public async Task HandleAsync(HttpContext context, RequestInfo info, SandboxUser user, CancellationToken cancellationToken)
    {
        var resource = info.Definition!;
        var ns = resource.Namespaced ? info.Namespace : null;
        if (resource == ResourceCatalog.Namespaces)
        {
            ns = null;
        }

        if (info.Subresource is not null && !resource.Subresources.Contains(info.Subresource))
        {
            throw ApiException.NotFoundPath();
        }

        if (resource.Namespaced && info.Namespace is null && info.Name is not null)
        {
            throw ApiException.NotFoundPath();
        }

        if (info.Subresource is null && !resource.Verbs.Contains(info.Verb))
        {
            throw ApiException.MethodNotSupported(resource, info.Verb);
        }

        switch (info.Verb)
        {
            case "get":
                await GetAsync(context, resource, ns, info.Name!, cancellationToken);
                break;
            case "list":
                await ListAsync(context, resource, ns, cancellationToken);
                break;
            case "watch":
                await WatchHandler.WatchAsync(context, store, resource, ns, settings, cancellationToken);
                break;
            case "create":
                if (info.Name is not null)
                {
                    throw ApiException.MethodNotSupported(resource, "create");
                }

                if (resource.Namespaced && ns is null)
                {
                    throw ApiException.NotFoundPath();
                }

                await CreateAsync(context, resource, ns, user, cancellationToken);
                break;
            case "update":
                await UpdateAsync(context, resource, ns, info.Name!, info.Subresource, user, cancellationToken);
                break;
            case "patch":
                await PatchAsync(context, resource, ns, info.Name!, info.Subresource, user, cancellationToken);
                break;
            case "delete":
                await DeleteAsync(context, resource, ns, info.Name!, cancellationToken);
                break;
            case "deletecollection":
                await DeleteCollectionAsync(context, resource, ns, cancellationToken);
                break;
            default:
                throw ApiException.MethodNotSupported(resource, info.Verb);
        }
    }

    private async Task GetAsync(HttpContext context, ResourceDefinition resource, string? ns, string name, CancellationToken cancellationToken)
    {
        var stored = store.Get(resource, ns, name) ?? throw ApiException.NotFound(resource, name);
        if (TableConverter.WantsTable(context.Request))
        {
            await ResponseWriter.WriteAsync(context, 200, TableConverter.ToTable(resource, [stored], store.CurrentResourceVersion.ToString(CultureInfo.InvariantCulture), null, TableConverter.IncludeObject(context.Request)), cancellationToken);
            return;
        }

        await ResponseWriter.WriteAsync(context, 200, stored.Json, cancellationToken);
    }

    private async Task ListAsync(HttpContext context, ResourceDefinition resource, string? ns, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var labels = LabelSelector.Parse(query["labelSelector"].ToString());
        var fields = FieldSelector.Parse(query["fieldSelector"].ToString(), resource);
        var limit = 0L;
        if (query.TryGetValue("limit", out var limitText) && !long.TryParse(limitText.ToString(), out limit))
        {
            throw ApiException.BadRequest($"invalid limit: {limitText}");
        }

        var continueText = query["continue"].ToString();
        IReadOnlyList<StoredObject> items;
        long listRv;
        string? startAfter = null;
        if (continueText.Length > 0)
        {
            (listRv, startAfter) = ContinueToken.Decode(continueText);
            items = store.ListAt(resource, ns, listRv) ?? throw ApiException.Expired(ContinueToken.ExpiredMessage);
        }
        else if (query["resourceVersionMatch"].ToString() == "Exact"
            && long.TryParse(query["resourceVersion"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var exact))
        {
            listRv = exact;
            items = store.ListAt(resource, ns, exact)
                ?? throw ApiException.Expired(string.Create(CultureInfo.InvariantCulture, $"too old resource version: {exact} ({store.CompactedThrough + 1})"));
        }
        else
        {
            (items, listRv) = store.List(resource, ns);
        }

        var matching = items.Where(o => (startAfter is null || string.CompareOrdinal(o.Key, startAfter) > 0)
            && labels.Matches(o.Json) && fields.Matches(o.Json)).ToList();
        string? token = null;
        long? remaining = null;
        if (limit > 0 && matching.Count > limit)
        {
            var page = matching.Take((int)limit).ToList();
            token = ContinueToken.Encode(listRv, page[^1].Key);
            if (labels.IsEmpty && fields.RequiredName is null && string.IsNullOrEmpty(query["fieldSelector"].ToString()))
            {
                remaining = matching.Count - page.Count;
            }

            matching = page;
        }

        if (TableConverter.WantsTable(context.Request))
        {
            await ResponseWriter.WriteAsync(context, 200, TableConverter.ToTable(resource, matching, listRv.ToString(CultureInfo.InvariantCulture), token, TableConverter.IncludeObject(context.Request)), cancellationToken);
            return;
        }

        await ResponseWriter.WriteListAsync(context, resource, matching, listRv, token, remaining, cancellationToken);
    }

    private async Task<(JsonObject Body, IReadOnlyList<string> Unknown)> ReadObjectAsync(HttpContext context, ResourceDefinition resource, CancellationToken cancellationToken)
    {
        var bytes = await ReadBodyAsync(context.Request, cancellationToken);
        var raw = ObjectDecoder.ParseBody(bytes, resource);
        CheckTypeMeta(raw, resource);
        var (normalized, unknown) = decoder.Normalize(resource, raw);
        return (normalized, unknown);
    }

    internal static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        return ProtobufDecoder.IsProtobuf(request.ContentType) && bytes.Length > 0 ? ProtobufDecoder.ToJson(bytes) : bytes;
    }

    internal static void CheckTypeMeta(JsonObject raw, ResourceDefinition resource)
    {
        var kind = raw["kind"]?.GetValue<string>();
        var apiVersion = raw["apiVersion"]?.GetValue<string>();
        if ((!string.IsNullOrEmpty(kind) && kind != resource.Kind) || (!string.IsNullOrEmpty(apiVersion) && apiVersion != resource.GroupVersion))
        {
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({resource.GroupVersion})");
        }
    }

    /// <summary>fieldValidation: Strict ⇒ 400 on unknown fields; Warn (default) ⇒ Warning headers; Ignore ⇒ nothing.</summary>
    internal static void ApplyFieldValidation(HttpContext context, IReadOnlyList<string> unknown)
    {
        if (unknown.Count == 0)
        {
            return;
        }

        var mode = context.Request.Query["fieldValidation"].ToString();
        if (string.Equals(mode, "Strict", StringComparison.Ordinal))
        {
            throw ApiException.BadRequest("strict decoding error: " + string.Join(", ", unknown.Select(u => $"unknown field \"{u}\"")));
        }

        if (!string.Equals(mode, "Ignore", StringComparison.Ordinal))
        {
            foreach (var field in unknown)
            {
                context.Response.Headers.Append("Warning", $"299 - \"unknown field \\\"{field}\\\"\"");
            }
        }
    }

    private static bool IsDryRun(HttpContext context) => context.Request.Query["dryRun"].ToString() == "All";

    private async Task CreateAsync(HttpContext context, ResourceDefinition resource, string? ns, SandboxUser user, CancellationToken cancellationToken)
    {
        var (obj, unknown) = await ReadObjectAsync(context, resource, cancellationToken);
        ApplyFieldValidation(context, unknown);
        var metadata = obj["metadata"] as JsonObject ?? new JsonObject();
        obj["metadata"] = metadata;
        var bodyNamespace = metadata["namespace"]?.GetValue<string>();
        if (resource.Namespaced && !string.IsNullOrEmpty(bodyNamespace) && bodyNamespace != ns)
        {
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        if (!string.IsNullOrEmpty(metadata["resourceVersion"]?.GetValue<string>()))
        {
            throw new ApiException(500, "InternalError", "Internal error occurred: resourceVersion should not be set on objects to be created", new JsonObject());
        }

        ObjectStrategy.PrepareForCreate(resource, obj, user);
        var name = metadata["name"]?.GetValue<string>() ?? string.Empty;
        var errors = ObjectStrategy.Validate(resource, obj, null, null);
        if (errors.Count > 0)
        {
            throw ApiException.Invalid(resource.Kind, resource.Group, name, errors);
        }

        if (resource == ResourceCatalog.CertificateSigningRequests)
        {
            CsrAdmission.CheckSubjectRestriction(obj);
        }

        if (IsDryRun(context))
        {
            await ResponseWriter.WriteAsync(context, 201, obj, cancellationToken);
            return;
        }

        var stored = store.Create(resource, ns, obj);
        await ResponseWriter.WriteAsync(context, 201, stored.Json, cancellationToken);
    }

    private async Task UpdateAsync(HttpContext context, ResourceDefinition resource, string? ns, string name, string? subresource,
        SandboxUser user, CancellationToken cancellationToken)
    {
        var (obj, unknown) = await ReadObjectAsync(context, resource, cancellationToken);
        ApplyFieldValidation(context, unknown);
        var bodyName = obj["metadata"]?["name"]?.GetValue<string>();
        if (bodyName is not null && bodyName != name)
        {
            throw ApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        var bodyNamespace = obj["metadata"]?["namespace"]?.GetValue<string>();
        if (resource.Namespaced && !string.IsNullOrEmpty(bodyNamespace) && bodyNamespace != ns)
        {
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        var stored = Update(resource, ns, name, subresource, user, context, _ => obj);
        await ResponseWriter.WriteAsync(context, 200, stored.Json, cancellationToken);
    }

    private async Task PatchAsync(HttpContext context, ResourceDefinition resource, string? ns, string name, string? subresource,
        SandboxUser user, CancellationToken cancellationToken)
    {
        var contentType = context.Request.ContentType ?? string.Empty;
        var body = await ReadBodyAsync(context.Request, cancellationToken);
        if (contentType.StartsWith(Patcher.ApplyPatch, StringComparison.OrdinalIgnoreCase))
        {
            throw ApiException.UnsupportedMediaType(contentType);
        }

        var stored = Update(resource, ns, name, subresource, user, context, current =>
        {
            var patched = Patcher.Apply(contentType, current.ToNode(), body);
            CheckTypeMeta(patched, resource);
            var (normalized, unknown) = decoder.Normalize(resource, patched);
            ApplyFieldValidation(context, unknown);
            return normalized;
        });
        await ResponseWriter.WriteAsync(context, 200, stored.Json, cancellationToken);
    }

    private StoredObject Update(ResourceDefinition resource, string? ns, string name, string? subresource, SandboxUser user,
        HttpContext context, Func<StoredObject, JsonObject> produce)
    {
        if (resource == ResourceCatalog.CertificateSigningRequests && subresource is "approval")
        {
            var current = store.Get(resource, ns, name) ?? throw ApiException.NotFound(resource, name);
            CsrAdmission.CheckSignerPermission(authorizer, user, current, "approve");
        }

        var dryRun = IsDryRun(context);
        StoredObject? dryRunResult = null;
        var result = store.Update(resource, ns, name, current =>
        {
            var updated = produce(current);
            var requestedRv = updated["metadata"]?["resourceVersion"]?.GetValue<string>();
            if (!string.IsNullOrEmpty(requestedRv) && requestedRv != current.ResourceVersion.ToString(CultureInfo.InvariantCulture))
            {
                throw ApiException.OptimisticLock(resource, name);
            }

            strategy.PrepareForUpdate(resource, subresource, updated, current);
            var old = current.ToNode();
            var errors = ObjectStrategy.Validate(resource, updated, old, subresource);
            if (errors.Count > 0)
            {
                throw ApiException.Invalid(resource.Kind, resource.Group, name, errors);
            }

            if (resource == ResourceCatalog.CertificateSigningRequests && subresource == "status"
                && updated["status"]?["certificate"]?.GetValue<string>() != old["status"]?["certificate"]?.GetValue<string>())
            {
                CsrAdmission.CheckSignerPermission(authorizer, user, current, "sign");
            }

            if (dryRun)
            {
                dryRunResult = current with { Json = JsonSerializer.SerializeToElement(updated, SandboxJson.Options) };
                return current.ToNode();
            }

            return updated;
        });
        return dryRunResult ?? result;
    }

    private async Task DeleteAsync(HttpContext context, ResourceDefinition resource, string? ns, string name, CancellationToken cancellationToken)
    {
        if (resource == ResourceCatalog.Namespaces && name is "default" or "kube-system" or "kube-public")
        {
            // NamespaceLifecycle admission.
            throw ApiException.Forbidden(string.Empty, "namespaces", name, "this namespace may not be deleted");
        }

        var body = await ReadBodyAsync(context.Request, cancellationToken);
        string? uid = null;
        string? rv = null;
        if (body.Length > 0)
        {
            var options = JsonNode.Parse(body) as JsonObject;
            uid = options?["preconditions"]?["uid"]?.GetValue<string>();
            rv = options?["preconditions"]?["resourceVersion"]?.GetValue<string>();
        }

        var deleted = store.Delete(resource, ns, name, current =>
        {
            if (uid is not null && uid != current.Uid)
            {
                throw ApiException.Conflict(resource, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {current.Uid}");
            }

            if (rv is not null && rv != current.ResourceVersion.ToString(CultureInfo.InvariantCulture))
            {
                throw ApiException.Conflict(resource, name,
                    $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {current.ResourceVersion}");
            }
        });
        if (store.Get(resource, ns, name) is { } pending)
        {
            await ResponseWriter.WriteAsync(context, 200, pending.Json, cancellationToken);
            return;
        }

        await ResponseWriter.WriteAsync(context, 200, ResponseWriter.SuccessStatus(resource, name, deleted.Uid), cancellationToken);
    }

    private async Task DeleteCollectionAsync(HttpContext context, ResourceDefinition resource, string? ns, CancellationToken cancellationToken)
    {
        var labels = LabelSelector.Parse(context.Request.Query["labelSelector"].ToString());
        var fields = FieldSelector.Parse(context.Request.Query["fieldSelector"].ToString(), resource);
        var deleted = new List<StoredObject>();
        foreach (var item in store.List(resource, ns).Items.Where(o => labels.Matches(o.Json) && fields.Matches(o.Json)))
        {
            try
            {
                deleted.Add(store.Delete(resource, item.Namespace, item.Name));
            }
            catch (ApiException ex) when (ex.Code == 404)
            {
                // Deleted concurrently.
            }
        }

        await ResponseWriter.WriteListAsync(context, resource, deleted, store.CurrentResourceVersion, null, null, cancellationToken);
    }
}

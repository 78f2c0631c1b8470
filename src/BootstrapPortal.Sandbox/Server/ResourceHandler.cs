using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BootstrapPortal.Sandbox.Auth;
using BootstrapPortal.Sandbox.Certificates;
using BootstrapPortal.Sandbox.Server.FieldManagement;
using BootstrapPortal.Sandbox.Storage;
using Microsoft.AspNetCore.Http;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>
/// get/list/watch/create/update/patch/delete/deletecollection for the stored resources, with the request options of
/// k8s.io/apiserver pkg/endpoints/handlers (dryRun, fieldValidation, resourceVersion/resourceVersionMatch, continue) and the
/// admission checks the sandbox runs (NamespaceLifecycle, NodeRestriction, the CSR plugins, RBAC escalation prevention).
/// </summary>
internal sealed class ResourceHandler
{
    private readonly ObjectStore store;
    private readonly ObjectStrategy strategy;
    private readonly ObjectDecoder decoder;
    private readonly SandboxAuthorizer authorizer;
    private readonly SandboxServerSettings settings;
    private readonly TimeProvider timeProvider;
    private readonly FieldManager fieldManager;

    public ResourceHandler(ObjectStore store, ObjectStrategy strategy, ObjectDecoder decoder, SandboxAuthorizer authorizer, SandboxServerSettings settings,
        TimeProvider timeProvider)
    {
        this.store = store;
        this.strategy = strategy;
        this.decoder = decoder;
        this.authorizer = authorizer;
        this.settings = settings;
        this.timeProvider = timeProvider;
        fieldManager = new FieldManager(timeProvider);
    }

    /// <summary>Set by the server when the TokenRequest subresource is served.</summary>
    public Func<HttpContext, ResourceDefinition, string, string, SandboxUser, CancellationToken, Task>? TokenRequests { get; set; }

    public async Task HandleAsync(HttpContext context, RequestInfo info, SandboxUser user, CancellationToken cancellationToken)
    {
        var resource = info.Definition!;
        var format = ContentNegotiation.Negotiate(context);
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

        if (info.Subresource is not null && ResourceDefinition.IsCreateOnlySubresource(info.Subresource))
        {
            if (info.Verb != "create" || TokenRequests is null)
            {
                throw ApiException.MethodNotSupported(resource, info.Verb);
            }

            await TokenRequests(context, resource, ns!, info.Name!, user, cancellationToken);
            return;
        }

        if (info.Subresource is null && !resource.Verbs.Contains(info.Verb))
        {
            throw ApiException.MethodNotSupported(resource, info.Verb);
        }

        switch (info.Verb)
        {
            case "get" when info.Subresource is "finalize":
                throw ApiException.MethodNotSupported(resource, info.Verb);
            case "get":
                await GetAsync(context, resource, ns, info.Name!, format, cancellationToken);
                break;
            case "list":
                await ListAsync(context, resource, ns, format, cancellationToken);
                break;
            case "watch":
                ValidateListOptions(context.Request.Query, watch: true);
                await WatchHandler.WatchAsync(context, store, resource, ns, info.Name, settings, format == ResponseFormat.Table, cancellationToken);
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
            case "patch" when info.Subresource is "finalize":
                throw ApiException.MethodNotSupported(resource, info.Verb);
            case "patch":
                await PatchAsync(context, resource, ns, info.Name!, info.Subresource, user, cancellationToken);
                break;
            case "delete":
                await DeleteAsync(context, resource, ns, info.Name!, user, cancellationToken);
                break;
            case "deletecollection":
                await DeleteCollectionAsync(context, resource, ns, cancellationToken);
                break;
            default:
                throw ApiException.MethodNotSupported(resource, info.Verb);
        }
    }

    private async Task GetAsync(HttpContext context, ResourceDefinition resource, string? ns, string name, ResponseFormat format, CancellationToken cancellationToken)
    {
        if (ParseResourceVersion(context.Request.Query["resourceVersion"].ToString()) is { } minimum)
        {
            await WaitForResourceVersionAsync(minimum, cancellationToken);
        }

        var stored = store.Get(resource, ns, name) ?? throw ApiException.NotFound(resource, name);
        switch (format)
        {
            case ResponseFormat.Table:
                await ResponseWriter.WriteAsync(context, 200, TableConverter.ToTable(resource, [stored], store.CurrentResourceVersion.ToString(CultureInfo.InvariantCulture), null, TableConverter.IncludeObject(context.Request)), cancellationToken);
                return;
            case ResponseFormat.PartialObjectMetadata:
                await ResponseWriter.WriteAsync(context, 200, PartialObjectMetadata(stored.Json, resource, withTypeMeta: true), cancellationToken);
                return;
            default:
                await ResponseWriter.WriteAsync(context, 200, stored.Json, cancellationToken);
                return;
        }
    }

    /// <summary>
    /// <c>ValidateListOptions</c> (k8s.io/apimachinery pkg/apis/meta/internalversion/validation/validation.go): resourceVersionMatch
    /// needs a resourceVersion, not for watch, not with continue, only Exact/NotOlderThan, and Exact not with "0".
    /// </summary>
    internal static void ValidateListOptions(IQueryCollection query, bool watch)
    {
        var match = query["resourceVersionMatch"].ToString();
        if (match.Length == 0)
        {
            return;
        }

        var errors = new List<FieldError>();
        var rv = query["resourceVersion"].ToString();
        if (watch)
        {
            if (query.ContainsKey("sendInitialEvents"))
            {
                // The watch handler answers sendInitialEvents (the WatchList feature is off in the sandbox).
                return;
            }

            errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
            if (match != "NotOlderThan")
            {
                errors.Add(FieldError.NotSupported("resourceVersionMatch", FieldError.Quote(match), ["NotOlderThan"]));
            }
        }
        else
        {
            if (rv.Length == 0)
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided"));
            }

            if (match is not ("Exact" or "NotOlderThan"))
            {
                errors.Add(FieldError.NotSupported("resourceVersionMatch", FieldError.Quote(match), ["Exact", "NotOlderThan", string.Empty]));
            }

            if (match == "Exact" && rv == "0")
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
            }
        }

        if (query["continue"].ToString().Length > 0)
        {
            errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
        }

        if (errors.Count > 0)
        {
            throw ApiException.InvalidOptions("ListOptions", [.. errors]);
        }
    }

    /// <summary>A resourceVersion other than empty and "0", or null; a non-number is a 400.</summary>
    internal static long? ParseResourceVersion(string text)
    {
        if (text.Length == 0 || text == "0")
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw ApiException.BadRequest($"invalid resource version: {FieldError.Quote(text)}");
    }

    /// <summary>
    /// A read "not older than" a resourceVersion the store has not reached waits for it (the watch cache's
    /// <c>waitUntilFreshAndBlock</c>, 3 s), then answers 504 Too large resource version.
    /// </summary>
    private async Task WaitForResourceVersionAsync(long minimum, CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetUtcNow() + settings.TooLargeResourceVersionWait;
        while (store.CurrentResourceVersion < minimum)
        {
            if (timeProvider.GetUtcNow() >= deadline)
            {
                throw ApiException.TooLargeResourceVersion(minimum, store.CurrentResourceVersion);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), timeProvider, cancellationToken);
        }
    }

    private async Task ListAsync(HttpContext context, ResourceDefinition resource, string? ns, ResponseFormat format, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        ValidateListOptions(query, watch: false);
        var labels = LabelSelector.Parse(query["labelSelector"].ToString());
        var fields = FieldSelector.Parse(query["fieldSelector"].ToString(), resource);
        var limit = 0L;
        if (query.TryGetValue("limit", out var limitText) && !long.TryParse(limitText.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out limit))
        {
            throw ApiException.BadRequest($"invalid limit: {FieldError.Quote(limitText.ToString())}");
        }

        var continueText = query["continue"].ToString();
        var rvText = query["resourceVersion"].ToString();
        var match = query["resourceVersionMatch"].ToString();
        IReadOnlyList<StoredObject> items;
        long listRv;
        string? startAfter = null;
        if (continueText.Length > 0)
        {
            (listRv, startAfter) = ContinueToken.Decode(continueText);
            if (rvText.Length > 0 && rvText != "0")
            {
                throw ApiException.BadRequest("specifying resource version is not allowed when using continue");
            }

            items = store.ListAt(resource, ns, listRv) ?? throw ApiException.Expired(ContinueToken.ExpiredMessage);
        }
        else if (ParseResourceVersion(rvText) is { } requested)
        {
            await WaitForResourceVersionAsync(requested, cancellationToken);

            // Exact, and the legacy form (limit with a resourceVersion and no match), read the snapshot at that version.
            if (match == "Exact" || (match.Length == 0 && limit > 0))
            {
                listRv = requested;
                items = store.ListAt(resource, ns, requested) ?? throw ApiException.Expired("The resourceVersion for the provided list is too old.");
            }
            else
            {
                (items, listRv) = store.List(resource, ns);
            }
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
            var page = matching.Take((int)Math.Min(limit, int.MaxValue)).ToList();
            token = ContinueToken.Encode(listRv, page[^1].Key);
            if (labels.IsEmpty && string.IsNullOrEmpty(query["fieldSelector"].ToString()))
            {
                remaining = matching.Count - page.Count;
            }

            matching = page;
        }

        switch (format)
        {
            case ResponseFormat.Table:
                await ResponseWriter.WriteAsync(context, 200, TableConverter.ToTable(resource, matching, listRv.ToString(CultureInfo.InvariantCulture), token, TableConverter.IncludeObject(context.Request)), cancellationToken);
                return;
            case ResponseFormat.PartialObjectMetadata:
                var list = new JsonObject
                {
                    ["kind"] = "PartialObjectMetadataList",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = ListMeta(listRv, token, remaining),
                    ["items"] = new JsonArray([.. matching.Select(m => (JsonNode)PartialObjectMetadata(m.Json, resource, withTypeMeta: true))]),
                };
                await ResponseWriter.WriteAsync(context, 200, list, cancellationToken);
                return;
            default:
                await ResponseWriter.WriteListAsync(context, resource, matching, listRv, token, remaining, cancellationToken);
                return;
        }
    }

    private static JsonObject ListMeta(long resourceVersion, string? token, long? remaining)
    {
        var meta = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) };
        if (token is not null)
        {
            meta["continue"] = token;
        }

        if (remaining is not null)
        {
            meta["remainingItemCount"] = remaining.Value;
        }

        return meta;
    }

    private static JsonObject PartialObjectMetadata(JsonElement obj, ResourceDefinition resource, bool withTypeMeta)
    {
        _ = resource;
        var result = new JsonObject();
        if (withTypeMeta)
        {
            result["kind"] = "PartialObjectMetadata";
            result["apiVersion"] = "meta.k8s.io/v1";
        }

        result["metadata"] = obj.TryGetProperty("metadata", out var metadata) ? JsonNode.Parse(metadata.GetRawText()) : new JsonObject();
        return result;
    }

    private async Task<(JsonObject Body, IReadOnlyList<string> Unknown, IReadOnlyList<string> Duplicates)> ReadObjectAsync(HttpContext context, ResourceDefinition resource, CancellationToken cancellationToken)
    {
        var bytes = await ReadBodyAsync(context.Request, resource, cancellationToken);
        var raw = ObjectDecoder.ParseBody(bytes, resource, out var duplicates);
        CheckTypeMeta(raw, resource);
        var (normalized, unknown) = decoder.Normalize(resource, raw);
        return (normalized, unknown, duplicates);
    }

    /// <summary>Reads a request body as JSON: JSON as is, YAML and Kubernetes protobuf converted; other types are 415.</summary>
    internal static async Task<byte[]> ReadBodyAsync(HttpRequest request, ResourceDefinition? resource, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        if (bytes.Length == 0)
        {
            return bytes;
        }

        var mediaType = (request.ContentType ?? "application/json").Split(';')[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            ProtobufDecoder.MediaType => ProtobufDecoder.ToJson(bytes),
            "application/yaml" when resource is not null => ObjectDecoder.YamlToJson(bytes, resource),
            "application/json" or "" => bytes,
            _ when HttpMethods.IsPatch(request.Method) || HttpMethods.IsDelete(request.Method) => bytes,
            _ => throw ApiException.UnsupportedBodyMediaType(),
        };
    }

    internal static void CheckTypeMeta(JsonObject raw, ResourceDefinition resource)
    {
        var kind = raw["kind"] is JsonValue k && k.GetValueKind() == JsonValueKind.String ? k.GetValue<string>() : null;
        var apiVersion = raw["apiVersion"] is JsonValue a && a.GetValueKind() == JsonValueKind.String ? a.GetValue<string>() : null;
        if ((!string.IsNullOrEmpty(kind) && kind != resource.Kind) || (!string.IsNullOrEmpty(apiVersion) && apiVersion != resource.GroupVersion))
        {
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({resource.GroupVersion})");
        }
    }

    /// <summary>
    /// fieldValidation (k8s.io/apiserver pkg/endpoints/handlers/create.go, update.go): Strict ⇒ 400
    /// <c>&lt;Kind&gt; in version "v1" cannot be handled as a &lt;Kind&gt;: strict decoding error: …</c>; Warn (the default) ⇒
    /// <c>Warning: 299</c> headers; Ignore ⇒ nothing. An unknown value is a 400 too.
    /// </summary>
    internal static void ApplyFieldValidation(HttpContext context, ResourceDefinition resource, IReadOnlyList<string> unknown, IReadOnlyList<string> duplicates, bool prefixed = true)
    {
        var mode = context.Request.Query["fieldValidation"].ToString();
        if (mode is not ("" or "Strict" or "Warn" or "Ignore"))
        {
            throw ApiException.BadRequest($"fieldValidation {FieldError.Quote(mode)} is invalid: valid values are \"Ignore\", \"Warn\", or \"Strict\"");
        }

        var problems = duplicates.Select(d => $"duplicate field \"{d}\"").Concat(unknown.Select(u => $"unknown field \"{u}\"")).ToList();
        if (problems.Count == 0)
        {
            return;
        }

        if (mode == "Strict")
        {
            var message = "strict decoding error: " + string.Join(", ", problems);
            throw ApiException.BadRequest(prefixed ? $"{resource.Kind} in version \"{resource.Version}\" cannot be handled as a {resource.Kind}: {message}" : message);
        }

        if (mode != "Ignore")
        {
            foreach (var problem in problems)
            {
                context.Response.Headers.Append("Warning", "299 - " + FieldError.Quote(problem));
            }
        }
    }

    /// <summary>
    /// The <c>dryRun</c> option (query, or DeleteOptions in a DELETE body): absent, or exactly <c>All</c>; anything else is 422
    /// (k8s.io/apimachinery pkg/api/validation <c>ValidateDryRun</c>).
    /// </summary>
    internal static bool IsDryRun(HttpContext context, string optionsKind, IEnumerable<string>? bodyValues = null)
    {
        var values = context.Request.Query["dryRun"].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList();
        if (values.Count == 0 && bodyValues is not null)
        {
            values.AddRange(bodyValues);
        }

        if (values.Count > 1 || (values.Count == 1 && values[0] != "All"))
        {
            var goValue = "[]string{" + string.Join(", ", values.Select(FieldError.Quote)) + "}";
            throw ApiException.InvalidOptions(optionsKind, FieldError.NotSupported("dryRun", goValue, ["All"]));
        }

        return values.Count == 1;
    }

    private async Task CreateAsync(HttpContext context, ResourceDefinition resource, string? ns, SandboxUser user, CancellationToken cancellationToken)
    {
        var dryRun = IsDryRun(context, "CreateOptions");
        var manager = FieldManager.ManagerOf(context, "CreateOptions", apply: false);
        var (obj, unknown, duplicates) = await ReadObjectAsync(context, resource, cancellationToken);
        ApplyFieldValidation(context, resource, unknown, duplicates);
        var created = Create(resource, ns, user, obj, dryRun, () => fieldManager.Update(resource, null, obj, manager, null));
        await ResponseWriter.WriteAsync(context, 201, created, cancellationToken);
    }

    /// <summary>
    /// Validates, admits and stores a new object (or only answers it for dryRun); <paramref name="managedFields"/> runs on the
    /// request's object before the create strategy, as the field manager does upstream.
    /// </summary>
    private JsonNode Create(ResourceDefinition resource, string? ns, SandboxUser user, JsonObject obj, bool dryRun, Func<JsonArray> managedFields)
    {
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

        var managed = managedFields();
        ObjectStrategy.PrepareForCreate(resource, obj, user);
        if (resource.Namespaced)
        {
            // The request's namespace, as the generic registry's BeforeCreate sets it before validation.
            metadata["namespace"] = ns;
        }

        ((JsonObject)obj["metadata"]!).Remove("managedFields");
        if (managed.Count > 0)
        {
            ((JsonObject)obj["metadata"]!)["managedFields"] = managed;
        }

        var name = metadata["name"]?.GetValue<string>() ?? string.Empty;
        var errors = ObjectStrategy.Validate(resource, obj, null, null);
        if (errors.Count > 0)
        {
            throw ApiException.Invalid(resource.Kind, resource.Group, name, errors);
        }

        Admit(resource, ns, user, obj, null, "create", name);
        if (dryRun)
        {
            return store.DryRunCreate(resource, ns, obj);
        }

        var stored = store.Create(resource, ns, obj);
        return JsonNode.Parse(stored.Json.GetRawText())!;
    }

    /// <summary>The admission chain after validation: NamespaceLifecycle, CertificateSubjectRestriction, NodeRestriction, RBAC escalation.</summary>
    private void Admit(ResourceDefinition resource, string? ns, SandboxUser user, JsonObject obj, JsonObject? old, string operation, string name)
    {
        if (operation == "create" && ns is not null && store.IsNamespaceTerminating(ns))
        {
            throw ApiException.Forbidden(resource.Group, resource.Plural, name,
                $"unable to create new content in namespace {ns} because it is being terminated");
        }

        if (resource == ResourceCatalog.CertificateSigningRequests && operation == "create")
        {
            CsrAdmission.CheckSubjectRestriction(obj);
        }

        NodeRestriction.Admit(user, resource, ns, name, operation, obj, old);
        RbacEscalation.Check(authorizer, store, user, resource, ns, name, obj, old);
    }

    private async Task UpdateAsync(HttpContext context, ResourceDefinition resource, string? ns, string name, string? subresource,
        SandboxUser user, CancellationToken cancellationToken)
    {
        var dryRun = IsDryRun(context, "UpdateOptions");
        var manager = FieldManager.ManagerOf(context, "UpdateOptions", apply: false);
        var (obj, unknown, duplicates) = await ReadObjectAsync(context, resource, cancellationToken);
        ApplyFieldValidation(context, resource, unknown, duplicates);
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

        var stored = Update(resource, ns, name, subresource, user, dryRun, _ => obj,
            (current, updated) => fieldManager.Update(resource, current.ToNode(), updated, manager, subresource));
        await ResponseWriter.WriteAsync(context, 200, stored.Json, cancellationToken);
    }

    private async Task PatchAsync(HttpContext context, ResourceDefinition resource, string? ns, string name, string? subresource,
        SandboxUser user, CancellationToken cancellationToken)
    {
        var contentType = context.Request.ContentType ?? string.Empty;
        var apply = contentType.StartsWith(Patcher.ApplyPatch, StringComparison.OrdinalIgnoreCase);
        if (!apply && context.Request.Query.ContainsKey("force"))
        {
            // ValidatePatchOptions (k8s.io/apimachinery pkg/apis/meta/v1/validation/validation.go).
            throw ApiException.InvalidOptions("PatchOptions", FieldError.Forbidden("force", "may not be specified for non-apply patch"));
        }

        var manager = FieldManager.ManagerOf(context, "PatchOptions", apply);
        var dryRun = IsDryRun(context, "PatchOptions");
        var body = await ReadBodyAsync(context.Request, resource, cancellationToken);
        if (apply)
        {
            await ApplyAsync(context, resource, ns, name, subresource, user, manager, dryRun, body, cancellationToken);
            return;
        }

        var stored = Update(resource, ns, name, subresource, user, dryRun, current =>
        {
            var patched = Patcher.Apply(contentType, current.ToNode(), body);
            CheckTypeMeta(patched, resource);
            var (normalized, unknown) = decoder.Normalize(resource, patched);
            ApplyFieldValidation(context, resource, unknown, [], prefixed: false);
            return normalized;
        }, (current, updated) => fieldManager.Update(resource, current.ToNode(), updated, manager, subresource));
        await ResponseWriter.WriteAsync(context, 200, stored.Json, cancellationToken);
    }

    /// <summary>
    /// Server-side apply (k8s.io/apiserver pkg/endpoints/handlers/patch.go applyPatcher): the configuration (YAML or JSON) is
    /// merged into the live object by the field manager, or creates the object when there is none; <c>force=true</c> takes the
    /// conflicting fields from their owners.
    /// </summary>
    private async Task ApplyAsync(HttpContext context, ResourceDefinition resource, string? ns, string name, string? subresource, SandboxUser user,
        string manager, bool dryRun, byte[] body, CancellationToken cancellationToken)
    {
        var force = context.Request.Query["force"].ToString() switch
        {
            "" or "false" or "0" => false,
            "true" or "1" => true,
            var other => throw ApiException.BadRequest($"force: invalid boolean value {FieldError.Quote(other)}"),
        };
        var text = System.Text.Encoding.UTF8.GetString(body).TrimStart();
        var json = text.StartsWith('{') ? body : ObjectDecoder.YamlToJson(body, resource);
        var raw = ObjectDecoder.ParseBody(json, resource, out var duplicates);
        CheckTypeMeta(raw, resource);
        if (raw["metadata"]?["managedFields"] is not null)
        {
            throw ApiException.BadRequest("metadata.managedFields must be nil");
        }

        var bodyName = raw["metadata"]?["name"] is JsonValue n && n.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : null;
        if (bodyName != name)
        {
            throw ApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        var bodyNamespace = raw["metadata"]?["namespace"]?.GetValue<string>();
        if (resource.Namespaced && !string.IsNullOrEmpty(bodyNamespace) && bodyNamespace != ns)
        {
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        var (config, unknown) = decoder.Normalize(resource, raw);
        ApplyFieldValidation(context, resource, unknown, duplicates, prefixed: false);
        if (store.Get(resource, ns, name) is null)
        {
            if (subresource is not null)
            {
                throw ApiException.NotFound(resource, name);
            }

            var (merged, created) = fieldManager.Apply(resource, null, config, manager, null, force);
            await ResponseWriter.WriteAsync(context, 201, Create(resource, ns, user, merged, dryRun, () => created), cancellationToken);
            return;
        }

        JsonArray? managed = null;
        var stored = Update(resource, ns, name, subresource, user, dryRun, current =>
        {
            var (merged, fields) = fieldManager.Apply(resource, current.ToNode(), config, manager, subresource, force);
            managed = fields;
            return merged;
        }, (_, _) => managed!);
        await ResponseWriter.WriteAsync(context, 200, stored.Json, cancellationToken);
    }

    private StoredObject Update(ResourceDefinition resource, string? ns, string name, string? subresource, SandboxUser user, bool dryRun,
        Func<StoredObject, JsonObject> produce, Func<StoredObject, JsonObject, JsonArray> managedFields)
    {
        if (resource == ResourceCatalog.CertificateSigningRequests && subresource is "approval")
        {
            var current = store.Get(resource, ns, name) ?? throw ApiException.NotFound(resource, name);
            CsrAdmission.CheckSignerPermission(authorizer, user, current, "approve");
        }

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
            var managed = managedFields(current, updated);
            ((JsonObject)updated["metadata"]!).Remove("managedFields");
            if (managed.Count > 0)
            {
                ((JsonObject)updated["metadata"]!)["managedFields"] = managed;
            }

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

            Admit(resource, ns, user, updated, old, subresource is null ? "update" : "update/" + subresource, name);
            if (dryRun)
            {
                dryRunResult = current with { Json = JsonSerializer.SerializeToElement(updated, SandboxJson.Options) };
                return current.ToNode();
            }

            return updated;
        });
        return dryRunResult ?? result;
    }

    private static (string? Uid, string? ResourceVersion, List<string>? DryRun) ReadDeleteOptions(byte[] body)
    {
        if (body.Length == 0)
        {
            return (null, null, null);
        }

        JsonObject? options;
        try
        {
            options = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            throw ApiException.BadRequest("the body of the request was not valid DeleteOptions");
        }

        string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        var dryRun = options?["dryRun"] is JsonArray values ? values.Select(Text).Where(v => v is not null).Select(v => v!).ToList() : null;
        return (Text(options?["preconditions"]?["uid"]), Text(options?["preconditions"]?["resourceVersion"]), dryRun);
    }

    private static void CheckPreconditions(ResourceDefinition resource, string name, StoredObject current, string? uid, string? rv)
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
    }

    private async Task DeleteAsync(HttpContext context, ResourceDefinition resource, string? ns, string name, SandboxUser user, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(context.Request, null, cancellationToken);
        var (uid, rv, bodyDryRun) = ReadDeleteOptions(body);
        var dryRun = IsDryRun(context, "DeleteOptions", bodyDryRun);
        if (resource == ResourceCatalog.Namespaces && name is "default" or "kube-system" or "kube-public" or "kube-node-lease")
        {
            // NamespaceLifecycle admission.
            throw ApiException.Forbidden(string.Empty, "namespaces", name, "this namespace may not be deleted");
        }

        var existing = store.Get(resource, ns, name) ?? throw ApiException.NotFound(resource, name);
        NodeRestriction.Admit(user, resource, ns, name, "delete", null, existing.ToNode());
        if (resource == ResourceCatalog.Namespaces)
        {
            // The namespace registry only marks it Terminating; the namespace controller deletes its content and finalizes it.
            var terminating = MarkTerminating(existing, uid, rv, resource, name, dryRun);
            await ResponseWriter.WriteAsync(context, 200, terminating, cancellationToken);
            return;
        }

        if (dryRun)
        {
            CheckPreconditions(resource, name, existing, uid, rv);
            var preview = existing.ToNode();
            if (preview["metadata"]?["finalizers"] is JsonArray { Count: > 0 })
            {
                if (preview["metadata"]!["deletionTimestamp"] is null)
                {
                    preview["metadata"]!["deletionTimestamp"] = ObjectStore.FormatTime(timeProvider.GetUtcNow());
                    preview["metadata"]!["deletionGracePeriodSeconds"] = 0;
                }

                await ResponseWriter.WriteAsync(context, 200, preview, cancellationToken);
                return;
            }

            await ResponseWriter.WriteAsync(context, 200, ResponseWriter.SuccessStatus(resource, name, existing.Uid), cancellationToken);
            return;
        }

        var deleted = store.Delete(resource, ns, name, current => CheckPreconditions(resource, name, current, uid, rv));
        if (store.Get(resource, ns, name) is { } pending)
        {
            await ResponseWriter.WriteAsync(context, 200, pending.Json, cancellationToken);
            return;
        }

        await ResponseWriter.WriteAsync(context, 200, ResponseWriter.SuccessStatus(resource, name, deleted.Uid), cancellationToken);
    }

    private JsonElement MarkTerminating(StoredObject existing, string? uid, string? rv, ResourceDefinition resource, string name, bool dryRun)
    {
        JsonObject Terminating(StoredObject current)
        {
            CheckPreconditions(resource, name, current, uid, rv);
            var obj = current.ToNode();
            var metadata = (JsonObject)obj["metadata"]!;
            if (metadata["deletionTimestamp"] is null)
            {
                metadata["deletionTimestamp"] = ObjectStore.FormatTime(timeProvider.GetUtcNow());
                metadata["deletionGracePeriodSeconds"] = 0;
            }

            var status = obj["status"] as JsonObject ?? new JsonObject();
            obj["status"] = status;
            status["phase"] = "Terminating";
            return obj;
        }

        if (dryRun)
        {
            return JsonSerializer.SerializeToElement(Terminating(existing), SandboxJson.Options);
        }

        return store.Update(resource, null, name, Terminating).Json;
    }

    private async Task DeleteCollectionAsync(HttpContext context, ResourceDefinition resource, string? ns, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(context.Request, null, cancellationToken);
        var dryRun = IsDryRun(context, "DeleteOptions", ReadDeleteOptions(body).DryRun);
        var labels = LabelSelector.Parse(context.Request.Query["labelSelector"].ToString());
        var fields = FieldSelector.Parse(context.Request.Query["fieldSelector"].ToString(), resource);
        var deleted = new List<StoredObject>();
        foreach (var item in store.List(resource, ns).Items.Where(o => labels.Matches(o.Json) && fields.Matches(o.Json)))
        {
            if (dryRun)
            {
                deleted.Add(item);
                continue;
            }

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

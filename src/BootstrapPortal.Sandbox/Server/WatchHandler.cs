using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using BootstrapPortal.Sandbox.Storage;
using Microsoft.AspNetCore.Http;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>Watch streams (k8s.io/apiserver pkg/endpoints/handlers/watch.go): newline-delimited JSON events flushed one by one.</summary>
internal static class WatchHandler
{
    public static async Task WatchAsync(HttpContext context, ObjectStore store, ResourceDefinition resource, string? ns, string? name,
        SandboxServerSettings settings, bool table, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var labels = LabelSelector.Parse(query["labelSelector"].ToString());
        var fields = FieldSelector.Parse(query["fieldSelector"].ToString(), resource);
        if (name is not null && fields.RequiredName is { } selected && selected != name)
        {
            throw ApiException.BadRequest("fieldSelector metadata.name doesn't match requested name");
        }

        if (name is not null && fields.RequiredName is null)
        {
            fields = FieldSelector.Parse(string.IsNullOrEmpty(query["fieldSelector"].ToString()) ? "metadata.name=" + name : query["fieldSelector"] + ",metadata.name=" + name, resource);
        }

        if (RequestInfo.IsTrue(query["sendInitialEvents"].ToString()))
        {
            throw new ApiException(422, "Invalid",
                "ListOptions.meta.k8s.io \"\" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled",
                new JsonObject
                {
                    ["group"] = "meta.k8s.io",
                    ["kind"] = "ListOptions",
                    ["causes"] = new JsonArray(new JsonObject
                    {
                        ["reason"] = "FieldValueForbidden",
                        ["message"] = "Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled",
                        ["field"] = "sendInitialEvents",
                    }),
                });
        }

        var includeObject = TableConverter.IncludeObject(context.Request);
        Task Send(string type, JsonElement obj, CancellationToken token) =>
            table ? WriteEventAsync(context, type, TableConverter.ToTable(resource, [new StoredObject(resource, null, string.Empty, 0, obj)], string.Empty, null, includeObject), token)
                  : WriteEventAsync(context, type, obj, token);
        var bookmarks = RequestInfo.IsTrue(query["allowWatchBookmarks"].ToString());
        var since = ResourceHandler.ParseResourceVersion(query["resourceVersion"].ToString());

        TimeSpan lifetime;
        if (query.TryGetValue("timeoutSeconds", out var timeoutText) && long.TryParse(timeoutText.ToString(), out var seconds) && seconds > 0)
        {
            lifetime = TimeSpan.FromSeconds(seconds);
        }
        else
        {
            lifetime = settings.MinRequestTimeout * (1 + RandomNumberGenerator.GetInt32(1000) / 1000.0);
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = ResponseWriter.JsonContentType;
        WatchSubscription subscription;
        try
        {
            subscription = store.Watch(resource, ns, since);
        }
        catch (ApiException ex) when (ex.Code == 410)
        {
            await context.Response.StartAsync(cancellationToken);
            await WriteEventAsync(context, "ERROR", ex.ToStatus(), cancellationToken);
            return;
        }

        using (subscription)
        {
            using var lifetimeSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            lifetimeSource.CancelAfter(lifetime);
            var token = lifetimeSource.Token;
            await context.Response.StartAsync(cancellationToken);
            var lastRv = subscription.StartResourceVersion;
            foreach (var initial in subscription.Initial)
            {
                if (labels.Matches(initial.Json) && fields.Matches(initial.Json))
                {
                    await Send("ADDED", initial.Json, cancellationToken);
                }
            }

            // Bookmarks (k8s.io/apiserver pkg/storage/cacher/cache_watcher.go nextBookmarkTime): about every BookmarkInterval, and
            // one 2 s before the watch's deadline, so that a client resuming after the timeout does not fall behind the history.
            var deadline = DateTime.UtcNow + lifetime;
            var preTimeoutBookmark = deadline - TimeSpan.FromSeconds(2);
            DateTime NextBookmark()
            {
                var heartbeat = DateTime.UtcNow + settings.BookmarkInterval;
                return preTimeoutBookmark > DateTime.UtcNow && preTimeoutBookmark < heartbeat ? preTimeoutBookmark : heartbeat;
            }

            var nextBookmark = NextBookmark();
            try
            {
                while (!token.IsCancellationRequested)
                {
                    WatchEvent? next;
                    try
                    {
                        next = subscription.TryRead();
                    }
                    catch (ApiException ex) when (ex.Code == 410)
                    {
                        // Fell behind the retained history: the watch ends and the client relists.
                        await WriteEventAsync(context, "ERROR", ex.ToStatus(), token);
                        break;
                    }

                    if (next is null)
                    {
                        var wait = bookmarks ? nextBookmark - DateTime.UtcNow : Timeout.InfiniteTimeSpan;
                        if (bookmarks && wait <= TimeSpan.Zero)
                        {
                            // The store's current version, once every event of this resource up to it has been read.
                            if (subscription.BookmarkVersion() is not { } current)
                            {
                                continue;
                            }

                            lastRv = Math.Max(lastRv, current);
                            await WriteEventAsync(context, "BOOKMARK", Bookmark(resource, lastRv), token);
                            nextBookmark = NextBookmark();
                            continue;
                        }

                        using var waitSource = CancellationTokenSource.CreateLinkedTokenSource(token);
                        if (bookmarks)
                        {
                            waitSource.CancelAfter(wait);
                        }

                        try
                        {
                            await subscription.WaitAsync(waitSource.Token);
                        }
                        catch (OperationCanceledException) when (!token.IsCancellationRequested)
                        {
                            // Bookmark timer.
                        }

                        continue;
                    }

                    if (since is not null && next.ResourceVersion <= since.Value)
                    {
                        // A watch from a resourceVersion ahead of the store starts after it.
                        continue;
                    }

                    lastRv = next.ResourceVersion;
                    var nowMatches = labels.Matches(next.Object.Json) && fields.Matches(next.Object.Json);
                    var previousMatches = next.Previous is not null && labels.Matches(next.Previous.Json) && fields.Matches(next.Previous.Json);
                    switch (next.Type)
                    {
                        case "ADDED" when nowMatches:
                            await Send("ADDED", next.Object.Json, token);
                            break;
                        case "MODIFIED" when nowMatches && previousMatches:
                            await Send("MODIFIED", next.Object.Json, token);
                            break;
                        case "MODIFIED" when nowMatches:
                            await Send("ADDED", next.Object.Json, token);
                            break;
                        case "MODIFIED" when previousMatches:
                            await Send("DELETED", WithResourceVersion(next.Previous!.Json, next.ResourceVersion), token);
                            break;
                        case "DELETED" when previousMatches:
                            await Send("DELETED", next.Object.Json, token);
                            break;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Client went away or the watch lifetime ended: the stream simply ends.
            }
        }
    }

    private static JsonObject Bookmark(ResourceDefinition resource, long resourceVersion) => new()
    {
        ["kind"] = resource.Kind,
        ["apiVersion"] = resource.GroupVersion,
        ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) },
    };

    private static JsonElement WithResourceVersion(JsonElement obj, long resourceVersion)
    {
        var node = JsonNode.Parse(obj.GetRawText())!.AsObject();
        ((JsonObject)node["metadata"]!)["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture);
        return JsonSerializer.SerializeToElement(node, SandboxJson.Options);
    }

    private static Task WriteEventAsync(HttpContext context, string type, JsonNode obj, CancellationToken cancellationToken) =>
        WriteEventAsync(context, type, JsonSerializer.SerializeToElement(obj, SandboxJson.Options), cancellationToken);

    private static async Task WriteEventAsync(HttpContext context, string type, JsonElement obj, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer, SandboxJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WritePropertyName("object");
            obj.WriteTo(writer);
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }
}

using System.Text.Json.Nodes;
using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Sandbox.Auth;
using Microsoft.AspNetCore.Http;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>Create-only review resources: access reviews, rules review, SelfSubjectReview, TokenReview (k8s.io/apiserver pkg/endpoints/installer.go).</summary>
internal sealed class ReviewHandler
{
    private readonly SandboxAuthorizer authorizer;
    private readonly SandboxAuthenticator authenticator;

    public ReviewHandler(SandboxAuthorizer authorizer, SandboxAuthenticator authenticator)
    {
        this.authorizer = authorizer;
        this.authenticator = authenticator;
    }

    public async Task HandleAsync(HttpContext context, RequestInfo info, SandboxUser user, CancellationToken cancellationToken)
    {
        var resource = info.Definition!;
        if (info.Verb != "create" || info.Name is not null)
        {
            throw ApiException.MethodNotSupported(resource, info.Verb);
        }

        var bytes = await ResourceHandler.ReadBodyAsync(context.Request, resource, cancellationToken);
        var body = bytes.Length == 0 ? new JsonObject() : ObjectDecoder.ParseBody(bytes, resource);
        ResourceHandler.CheckTypeMeta(body, resource);
        body["kind"] = resource.Kind;
        body["apiVersion"] = resource.GroupVersion;
        var metadata = body["metadata"] as JsonObject ?? new JsonObject();
        body["metadata"] = metadata;
        metadata.Remove("resourceVersion");
        var spec = body["spec"] as JsonObject ?? new JsonObject();

        if (resource == ResourceCatalog.SelfSubjectReviews)
        {
            body.Remove("spec");
            body["status"] = new JsonObject { ["userInfo"] = UserInfo(user) };
        }
        else if (resource == ResourceCatalog.TokenReviews)
        {
            var token = spec["token"]?.GetValue<string>() ?? string.Empty;
            var audiences = (spec["audiences"] as JsonArray)?.Select(a => a?.GetValue<string>() ?? string.Empty).Where(a => a.Length > 0).ToList();
            var reviewed = authenticator.AuthenticateToken(token, audiences);
            body["status"] = reviewed is null
                ? new JsonObject { ["authenticated"] = false, ["user"] = new JsonObject(), ["error"] = "[invalid bearer token, token lookup failed]" }
                : new JsonObject
                {
                    ["authenticated"] = true,
                    ["user"] = UserInfo(reviewed),
                    ["audiences"] = new JsonArray([.. (audiences is { Count: > 0 } ? audiences : [Auth.ServiceAccountTokens.Issuer]).Select(a => (JsonNode)JsonValue.Create(a))]),
                };
        }
        else if (resource == ResourceCatalog.SelfSubjectRulesReviews)
        {
            var ns = spec["namespace"]?.GetValue<string>();
            var rules = authorizer.CurrentPolicy().RulesFor(user.Name, user.Groups, ns);
            var resourceRules = new JsonArray();
            var nonResourceRules = new JsonArray();
            if (user.Groups.Contains(SandboxUser.MastersGroup))
            {
                resourceRules.Add(new JsonObject { ["verbs"] = Array("*"), ["apiGroups"] = Array("*"), ["resources"] = Array("*") });
                nonResourceRules.Add(new JsonObject { ["verbs"] = Array("*"), ["nonResourceURLs"] = Array("*") });
            }

            foreach (var rule in rules)
            {
                if (rule.NonResourceURLs is { Count: > 0 })
                {
                    nonResourceRules.Add(new JsonObject { ["verbs"] = Array([.. rule.Verbs]), ["nonResourceURLs"] = Array([.. rule.NonResourceURLs]) });
                }
                else
                {
                    var r = new JsonObject { ["verbs"] = Array([.. rule.Verbs]) };
                    if (rule.ApiGroups is not null)
                    {
                        r["apiGroups"] = Array([.. rule.ApiGroups]);
                    }

                    if (rule.Resources is not null)
                    {
                        r["resources"] = Array([.. rule.Resources]);
                    }

                    if (rule.ResourceNames is { Count: > 0 })
                    {
                        r["resourceNames"] = Array([.. rule.ResourceNames]);
                    }

                    resourceRules.Add(r);
                }
            }

            body["status"] = new JsonObject
            {
                ["resourceRules"] = resourceRules,
                ["nonResourceRules"] = nonResourceRules,
                ["incomplete"] = false,
            };
        }
        else
        {
            RbacRequest request;
            if (resource == ResourceCatalog.SubjectAccessReviews || resource == ResourceCatalog.LocalSubjectAccessReviews)
            {
                var subjectUser = spec["user"]?.GetValue<string>() ?? string.Empty;
                var groups = (spec["groups"] as JsonArray)?.Select(g => g?.GetValue<string>() ?? string.Empty).ToList() ?? [];
                if (subjectUser.Length == 0 && groups.Count == 0)
                {
                    throw ApiException.Invalid(resource.Kind, resource.Group, string.Empty,
                        [FieldError.Invalid("spec.user", "\"\"", "at least one of user or group must be specified")]);
                }

                request = BuildRequest(spec, subjectUser, groups);
                if (resource == ResourceCatalog.LocalSubjectAccessReviews)
                {
                    var ns = spec["resourceAttributes"]?["namespace"]?.GetValue<string>();
                    if (ns != info.Namespace)
                    {
                        throw ApiException.Invalid(resource.Kind, resource.Group, string.Empty,
                            [FieldError.Invalid("spec.resourceAttributes.namespace", FieldError.Quote(ns ?? string.Empty), "must match metadata.namespace")]);
                    }
                }
            }
            else
            {
                request = BuildRequest(spec, user.Name, user.Groups);
            }

            var decision = authorizer.Authorize(request);
            var status = new JsonObject { ["allowed"] = decision.Allowed };
            if (decision.Reason.Length > 0)
            {
                status["reason"] = decision.Reason;
            }

            body["status"] = status;
        }

        await ResponseWriter.WriteAsync(context, 201, body, cancellationToken);
    }

    private static RbacRequest BuildRequest(JsonObject spec, string user, IReadOnlyList<string> groups)
    {
        if (spec["nonResourceAttributes"] is JsonObject nonResource)
        {
            return RbacRequest.ForPath(user, groups, nonResource["verb"]?.GetValue<string>() ?? string.Empty,
                nonResource["path"]?.GetValue<string>() ?? string.Empty);
        }

        var attributes = spec["resourceAttributes"] as JsonObject ?? new JsonObject();
        string? Get(string name) => attributes[name]?.GetValue<string>();
        return RbacRequest.ForResource(user, groups, Get("verb") ?? string.Empty, Get("group") ?? string.Empty, Get("resource") ?? string.Empty,
            Get("subresource"), Get("name"), Get("namespace"));
    }

    private static JsonObject UserInfo(SandboxUser user)
    {
        var info = new JsonObject { ["username"] = user.Name };
        if (user.Uid is not null)
        {
            info["uid"] = user.Uid;
        }

        info["groups"] = Array([.. user.Groups]);
        if (user.Extra.Count > 0)
        {
            var extra = new JsonObject();
            foreach (var (key, values) in user.Extra)
            {
                extra[key] = Array([.. values]);
            }

            info["extra"] = extra;
        }

        return info;
    }

    private static JsonArray Array(params string[] values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
}

using System.Net;
using System.Security.Authentication;
using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Sandbox.Auth;
using BootstrapPortal.Sandbox.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>The Kestrel HTTPS server on 127.0.0.1 and the request pipeline: authenticate → impersonate → authorize → serve.</summary>
internal sealed class ApiServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly SandboxAuthenticator authenticator;
    private readonly SandboxAuthorizer authorizer;
    private readonly ResourceHandler resources;
    private readonly ReviewHandler reviews;
    private readonly ILogger logger;

    private ApiServer(WebApplication app, SandboxAuthenticator authenticator, SandboxAuthorizer authorizer, ResourceHandler resources,
        ReviewHandler reviews, ILogger logger)
    {
        this.app = app;
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.resources = resources;
        this.reviews = reviews;
        this.logger = logger;
    }

    public Uri ServerUri { get; private set; } = new("https://127.0.0.1");

    public static async Task<ApiServer> StartAsync(int port, SandboxCertificateAuthority authority, ObjectStore store,
        SandboxServerSettings settings, TimeProvider timeProvider, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger("BootstrapPortal.Sandbox.ApiServer");
        var servingCertificate = authority.IssueServingCertificate();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "BootstrapPortal.Sandbox" });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, EmbeddedHostLifetime>();
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            options.Limits.MaxRequestBodySize = 3 * 1024 * 1024;
            options.Listen(IPAddress.Loopback, port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = servingCertificate,
                    ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                    ClientCertificateValidation = (_, _, _) => true,
                    SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                });
            });
        });
        var app = builder.Build();
        var serviceAccountTokens = new ServiceAccountTokens(store, timeProvider);
        var authenticator = new SandboxAuthenticator(authority, store, serviceAccountTokens, timeProvider, logger);
        var authorizer = new SandboxAuthorizer(store);
        var strategy = new ObjectStrategy(timeProvider);
        var resources = new ResourceHandler(store, strategy, new ObjectDecoder(), authorizer, settings, timeProvider);
        resources.TokenRequests = new TokenRequestHandler(store, serviceAccountTokens).HandleAsync;
        var server = new ApiServer(app, authenticator, authorizer, resources, new ReviewHandler(authorizer, authenticator), logger);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.ServerUri = new Uri("https://127.0.0.1:" + new Uri(address).Port);
        return server;
    }

    internal SandboxAuthorizer Authorizer => authorizer;

    private async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;

        // Every answer carries what kube-apiserver's filters add (k8s.io/apiserver pkg/endpoints/filters/audit_init.go,
        // cachecontrol.go, and the priority-and-fairness filter's flow schema and priority level UIDs).
        context.Response.Headers["Audit-Id"] = Guid.NewGuid().ToString();
        context.Response.Headers.CacheControl = "no-cache, private";
        try
        {
            var user = authenticator.Authenticate(context);
            user = Impersonation.Apply(context.Request, user, authorizer);
            var (flowSchema, priorityLevel) = FlowControl.Classify(user, context.Request.Path.Value ?? "/");
            context.Response.Headers["X-Kubernetes-Pf-Flowschema-Uid"] = flowSchema;
            context.Response.Headers["X-Kubernetes-Pf-Prioritylevel-Uid"] = priorityLevel;
            var path = context.Request.Path.Value ?? "/";
            var info = RequestInfo.Parse(context.Request.Method, path, context.Request.Query);
            var attributes = info.IsResourceRequest
                ? RbacRequest.ForResource(user.Name, user.Groups, info.Verb, info.Group, info.Resource, info.Subresource, info.Name, info.Namespace)
                : RbacRequest.ForPath(user.Name, user.Groups, info.Verb, path);
            authorizer.Require(attributes);
            if (!info.IsResourceRequest)
            {
                await NonResourceAsync(context, path, cancellationToken);
                return;
            }

            if (info.Definition is null)
            {
                throw ApiException.NotFoundPath();
            }

            if (info.Definition.IsReview)
            {
                await reviews.HandleAsync(context, info, user, cancellationToken);
            }
            else
            {
                await resources.HandleAsync(context, info, user, cancellationToken);
            }
        }
        catch (ApiException ex)
        {
            if (!context.Response.HasStarted)
            {
                context.Response.Headers.Remove("Warning");
                await ResponseWriter.WriteAsync(context, ex.Code, ex.ToStatus(), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Client disconnected.
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or System.Text.Json.JsonException or KeyNotFoundException)
        {
            logger.LogWarning(ex, "Request {Method} {Path} failed", context.Request.Method, context.Request.Path.Value);
            if (!context.Response.HasStarted)
            {
                var error = new ApiException(500, "InternalError", "Internal error occurred: " + ex.Message, new System.Text.Json.Nodes.JsonObject());
                await ResponseWriter.WriteAsync(context, 500, error.ToStatus(), cancellationToken);
            }
        }
    }

    private async Task NonResourceAsync(HttpContext context, string path, CancellationToken cancellationToken)
    {
        var trimmed = path.TrimEnd('/');
        switch (trimmed)
        {
            case "/healthz":
            case "/livez":
            case "/readyz":
                await HealthChecks.WriteAsync(context, trimmed[1..], null, cancellationToken);
                return;
            case "/.well-known/openid-configuration":
                await ResponseWriter.WriteAsync(context, 200, ServiceAccountTokens.OpenIdConfiguration(ServerUri), cancellationToken);
                return;
            case "/openid/v1/jwks":
                context.Response.ContentType = "application/jwk-set+json";
                await context.Response.WriteAsync(authenticator.ServiceAccountTokens.Jwks().ToJsonString(), cancellationToken);
                return;
            case "/version":
                await ResponseWriter.WriteAsync(context, 200, DiscoveryDocuments.Version(), cancellationToken);
                return;
            case "/api" or "/apis" when DiscoveryDocuments.WantsAggregated(context.Request.Headers.Accept.ToString()):
                await WriteAggregatedDiscoveryAsync(context, trimmed == "/api", cancellationToken);
                return;
            case "/api":
                await ResponseWriter.WriteAsync(context, 200, DiscoveryDocuments.ApiVersions(ServerUri.Authority), cancellationToken);
                return;
            case "/apis":
                await ResponseWriter.WriteAsync(context, 200, DiscoveryDocuments.ApiGroupList(), cancellationToken);
                return;
            case "/api/v1":
                await ResponseWriter.WriteAsync(context, 200, DiscoveryDocuments.ResourceList(string.Empty, "v1"), cancellationToken);
                return;
        }

        var parts = trimmed.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length >= 2 && parts[0] is "healthz" or "livez" or "readyz")
        {
            await HealthChecks.WriteAsync(context, parts[0], string.Join('/', parts[1..]), cancellationToken);
            return;
        }

        if (parts.Length is 2 or 3 && parts[0] == "apis" && ResourceCatalog.Groups.Contains(parts[1]))
        {
            if (parts.Length == 2)
            {
                await ResponseWriter.WriteAsync(context, 200, DiscoveryDocuments.ApiGroup(parts[1]), cancellationToken);
                return;
            }

            if (parts[2] == "v1")
            {
                await ResponseWriter.WriteAsync(context, 200, DiscoveryDocuments.ResourceList(parts[1], "v1"), cancellationToken);
                return;
            }
        }

        if (parts.Length >= 1 && parts[0] == "openapi")
        {
            await OpenApiDocuments.WriteAsync(context, parts, cancellationToken);
            return;
        }

        throw ApiException.NotFoundPath();
    }

    private static async Task WriteAggregatedDiscoveryAsync(HttpContext context, bool core, CancellationToken cancellationToken)
    {
        var body = DiscoveryDocuments.Aggregated(core).ToJsonString();
        var etag = "\"" + Convert.ToHexString(System.Security.Cryptography.SHA512.HashData(System.Text.Encoding.UTF8.GetBytes(body))) + "\"";
        context.Response.Headers.ETag = etag;
        context.Response.Headers.Vary = "Accept";
        if (context.Request.Headers.IfNoneMatch.ToString() == etag)
        {
            context.Response.StatusCode = 304;
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = DiscoveryDocuments.AggregatedContentType;
        await context.Response.WriteAsync(body, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        authenticator.ServiceAccountTokens.Dispose();
    }
}

using System.Text;
using Microsoft.AspNetCore.Http;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>
/// <c>/healthz</c>, <c>/livez</c>, <c>/readyz</c> as kube-apiserver serves them (k8s.io/apiserver pkg/server/healthz/healthz.go):
/// <c>ok</c>, <c>?verbose</c> lists every check as <c>[+]name ok</c> and ends with "&lt;endpoint&gt; check passed",
/// <c>?exclude=name</c> leaves checks out, and <c>/readyz/&lt;check&gt;</c> answers one check (404 for an unknown one).
/// </summary>
internal static class HealthChecks
{
    private static readonly string[] Common =
    [
        "ping", "log", "etcd", "poststarthook/start-apiserver-admission-initializer", "poststarthook/generic-apiserver-start-informers",
        "poststarthook/priority-and-fairness-config-consumer", "poststarthook/start-apiextensions-informers",
        "poststarthook/crd-informer-synced", "poststarthook/start-system-namespaces-controller",
        "poststarthook/bootstrap-controller", "poststarthook/rbac/bootstrap-roles", "poststarthook/scheduling/bootstrap-system-priority-classes",
        "poststarthook/priority-and-fairness-config-producer", "poststarthook/start-cluster-authentication-info-controller",
        "poststarthook/aggregator-reload-proxy-client-cert", "poststarthook/start-kube-aggregator-informers",
        "poststarthook/apiservice-registration-controller", "poststarthook/apiservice-status-available-controller",
        "poststarthook/kube-apiserver-autoregistration", "autoregister-completion", "poststarthook/apiservice-openapi-controller",
        "poststarthook/apiservice-openapiv3-controller",
    ];

    private static readonly string[] ReadyzFirst = ["ping", "log", "etcd", "etcd-readiness", "informer-sync"];

    public static async Task WriteAsync(HttpContext context, string endpoint, string? check, CancellationToken cancellationToken)
    {
        var checks = endpoint switch
        {
            "readyz" => ReadyzFirst.Concat(Common.Skip(3)).Append("shutdown").ToArray(),
            "livez" => Common,
            _ => Common,
        };
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        if (check is not null)
        {
            if (!checks.Contains(check))
            {
                context.Response.StatusCode = 404;
                await context.Response.WriteAsync("404 page not found\n", cancellationToken);
                return;
            }

            await context.Response.WriteAsync("ok", cancellationToken);
            return;
        }

        var excluded = context.Request.Query["exclude"].Select(e => e ?? string.Empty).ToHashSet(StringComparer.Ordinal);
        if (!context.Request.Query.ContainsKey("verbose"))
        {
            await context.Response.WriteAsync("ok", cancellationToken);
            return;
        }

        var text = new StringBuilder();
        foreach (var name in checks)
        {
            text.Append("[+]").Append(name).Append(excluded.Contains(name) ? " excluded: ok\n" : " ok\n");
        }

        foreach (var name in excluded.Where(e => !checks.Contains(e)))
        {
            text.Append("warn: some health checks cannot be excluded: no matches for \"").Append(name).Append("\"\n");
        }

        text.Append(endpoint).Append(" check passed\n");
        await context.Response.WriteAsync(text.ToString(), cancellationToken);
    }
}

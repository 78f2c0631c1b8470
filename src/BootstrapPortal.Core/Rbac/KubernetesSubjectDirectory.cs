using BootstrapPortal.Core.Cluster;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Core.Rbac;

/// <summary>
/// Lists namespaces and ServiceAccounts through the API server (paged), at most once per <see cref="MaxAge"/>; concurrent
/// callers share one read. A list the portal may not or cannot make (403, 404, unreachable) leaves that set unknown with the
/// reason, never guessed.
/// </summary>
public sealed partial class KubernetesSubjectDirectory : ISubjectDirectory, IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private const int PageSize = 500;
    private readonly IKubernetes _client;
    private readonly TimeProvider _time;
    private readonly ILogger<KubernetesSubjectDirectory> _logger;
    private readonly SemaphoreSlim _reading = new(1, 1);
    private SubjectDirectory? _last;

    public KubernetesSubjectDirectory(IKubernetes client, TimeProvider time, ILogger<KubernetesSubjectDirectory> logger)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public async Task<SubjectDirectory> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh(_last) is { } fresh)
        {
            return fresh;
        }

        await _reading.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(_last) is { } again)
            {
                return again;
            }

            var (namespaces, namespacesError) = await ReadAsync(async (cont, ct) =>
            {
                var page = await _client.CoreV1.ListNamespaceAsync(continueParameter: cont, limit: PageSize, cancellationToken: ct);
                return (page.Items.Select(n => n.Metadata.Name), page.Metadata?.ContinueProperty);
            }, "namespaces", cancellationToken);
            var (accounts, accountsError) = await ReadAsync(async (cont, ct) =>
            {
                var page = await _client.CoreV1.ListServiceAccountForAllNamespacesAsync(continueParameter: cont, limit: PageSize, cancellationToken: ct);
                return (page.Items.Select(a => SubjectDirectory.Key(a.Metadata.NamespaceProperty, a.Metadata.Name)), page.Metadata?.ContinueProperty);
            }, "serviceaccounts", cancellationToken);
            _last = new SubjectDirectory(namespaces, namespacesError, accounts, accountsError, _time.GetUtcNow());
            return _last;
        }
        finally
        {
            _reading.Release();
        }
    }

    public void Dispose() => _reading.Dispose();

    private SubjectDirectory? Fresh(SubjectDirectory? directory) =>
        directory is not null && _time.GetUtcNow() - directory.ReadAt < MaxAge ? directory : null;

    private async Task<(IReadOnlySet<string>? Items, string? Error)> ReadAsync(
        Func<string?, CancellationToken, Task<(IEnumerable<string> Items, string? Continue)>> page, string what, CancellationToken cancellationToken)
    {
        var items = new HashSet<string>(StringComparer.Ordinal);
        string? cont = null;
        try
        {
            do
            {
                var (names, next) = await page(cont, cancellationToken);
                items.UnionWith(names);
                cont = string.IsNullOrEmpty(next) ? null : next;
            }
            while (cont is not null);

            return (items, null);
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException or k8s.KubernetesException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var reason = KubernetesErrors.StatusCode(ex) switch
            {
                404 => $"the API server does not serve {what}",
                403 => $"the portal may not list {what} ({KubernetesErrors.Describe(ex)})",
                _ => $"listing {what} failed: {KubernetesErrors.Describe(ex)}",
            };
            LogReadFailed(_logger, what, reason);
            return (null, reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "RBAC audit: could not list {What}: {Reason}")]
    private static partial void LogReadFailed(ILogger logger, string what, string reason);
}

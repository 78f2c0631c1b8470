using BootstrapPortal.Core.Cache;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Sandbox.Controllers;

/// <summary>
/// The portal's list+watch cache (<see cref="ResourceInformer{T}"/>, one implementation of client-go's reflector) feeding a
/// controller's work queue: every added, changed or deleted object's key, and every key after a relist.
/// </summary>
internal sealed class ControllerInformer<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private static readonly InformerOptions Options = new() { InitialBackoff = TimeSpan.FromMilliseconds(500), MaxBackoff = TimeSpan.FromSeconds(10) };
    private readonly ResourceInformer<T> _inner;
    private readonly IKubernetes _client;

    public ControllerInformer(IKubernetes client, ResourceSource<T> source, Action<string> onChange, ILogger logger, TimeProvider timeProvider)
    {
        _client = client;
        _inner = new ResourceInformer<T>(source, Options, timeProvider, logger);
        _inner.ItemChanged += change =>
        {
            if (change.Type == ResourceChangeType.Reset)
            {
                foreach (var item in _inner.Items)
                {
                    onChange(KubernetesObjects.Key(item.Metadata));
                }
            }
            else if (change.Item is not null)
            {
                onChange(KubernetesObjects.Key(change.Item.Metadata));
            }
        };
    }

    /// <summary>Completes after the first successful list.</summary>
    public Task Synced => _inner.Synced;

    public IReadOnlyCollection<T> Items => _inner.Items;

    /// <summary>The object with key <c>namespace/name</c> (or <c>name</c> when cluster-scoped), or null.</summary>
    public T? Get(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? _inner.Get(null, key) : _inner.Get(key[..slash], key[(slash + 1)..]);
    }

    public Task RunAsync(CancellationToken cancellationToken) => _inner.RunAsync(_client, cancellationToken);
}

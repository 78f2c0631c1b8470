using BootstrapPortal.Sandbox.Kubelets;
using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Sandbox.Controllers;

/// <summary>
/// The sandbox's kube-controller-manager (the controllers kubeadm enables for TLS bootstrapping: csrapproving, csrsigning,
/// csrcleaner, tokencleaner, bootstrapsigner) plus the simulated kubelets. Started after the API server is up; stops
/// everything on dispose (kubelets first).
/// </summary>
public sealed class SandboxControllerManager : IAsyncDisposable
{
    private readonly ILogger _logger;
    private readonly List<ISandboxController> _started = [];
    private bool _disposed;

    public SandboxControllerManager(SandboxControllerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _logger = context.LoggerFactory.CreateLogger<SandboxControllerManager>();
        // A fleet keeps its CSR history: its kube-controller-manager runs as with --controllers=*,-csrcleaner (which is how
        // CSRs pile up to the thousands on a real cluster).
        var keepCsrHistory = context.Options.Fleet.PendingCsrs + context.Options.Fleet.IssuedCsrs > 0;
        Controllers =
        [
            new CsrApprovingController(context),
            new CsrSigningController(context),
            .. keepCsrHistory ? Array.Empty<ISandboxController>() : [new CsrCleanerController(context)],
            new TokenCleanerController(context),
            new BootstrapSignerController(context),
            new NamespaceController(context),
            new ClusterRoleAggregationController(context),
        ];
        Fleet = new SandboxKubeletFleet(context);
    }

    public IReadOnlyList<ISandboxController> Controllers { get; }

    /// <summary>The simulated kubelets (also used for "join a simulated node with this kubeconfig").</summary>
    public SandboxKubeletFleet Fleet { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var controller in Controllers)
        {
            await controller.StartAsync(cancellationToken);
            _started.Add(controller);
        }

        await Fleet.StartAsync(cancellationToken);
        _started.Add(Fleet);
        _logger.LogInformation("Sandbox controllers started");
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;

        // Kubelets first (they depend on the controllers), then the controllers in reverse start order.
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].DisposeAsync();
        }
    }
}

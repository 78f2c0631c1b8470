using BootstrapPortal.Sandbox.Controllers;
using BootstrapPortal.Sandbox.Fleet;
using BootstrapPortal.Sandbox.Seed;
using BootstrapPortal.Sandbox.Server;
using BootstrapPortal.Sandbox.Storage;
using k8s;
using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Sandbox;

/// <summary>
/// An in-process Kubernetes-compatible API server on https://127.0.0.1:PORT with its own CA, default bootstrap RBAC, an admin
/// kubeconfig, and pluggable <see cref="ISandboxComponent"/>s (controllers, simulated kubelets).
/// </summary>
public sealed partial class SandboxCluster : IAsyncDisposable
{
    private readonly ApiServer server;
    private readonly List<ISandboxComponent> components = [];
    private readonly ILogger logger;
    private int disposed;

    private SandboxCluster(ApiServer server, SandboxCertificateAuthority authority, ObjectStore store, SandboxServerSettings settings,
        TimeProvider timeProvider, string kubeconfigPath, ILoggerFactory loggerFactory)
    {
        this.server = server;
        CertificateAuthority = authority;
        Store = store;
        Settings = settings;
        TimeProvider = timeProvider;
        KubeconfigPath = kubeconfigPath;
        LoggerFactory = loggerFactory;
        logger = loggerFactory.CreateLogger<SandboxCluster>();
    }

    /// <summary>https://127.0.0.1:PORT</summary>
    public Uri ServerUri => server.ServerUri;

    /// <summary>The cluster CA certificate (PEM).</summary>
    public string CaCertificatePem => CertificateAuthority.CertificatePem;

    /// <summary>The admin kubeconfig written at start (mode 0600).</summary>
    public string KubeconfigPath { get; }

    /// <summary>The cluster CA: issues client certificates and signs CSRs.</summary>
    public SandboxCertificateAuthority CertificateAuthority { get; }

    /// <summary>The server's clock (real time; <see cref="SandboxOptions.ClockSpeed"/> compresses durations only).</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>For components that want to log.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The components started after the server came up.</summary>
    public IReadOnlyList<ISandboxComponent> Components => components;

    /// <summary>The preloaded fleet scenario, or null when <see cref="SandboxOptions.Fleet"/> configures none.</summary>
    public SandboxFleet? Fleet { get; private init; }

    internal ObjectStore Store { get; }

    internal SandboxServerSettings Settings { get; }

    /// <summary>Starts the server, seeds default objects, writes the admin kubeconfig and starts the default components.</summary>
    public static Task<SandboxCluster> StartAsync(SandboxOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return StartAsync(options, loggerFactory, new SandboxServerSettings(), SandboxComponents.CreateDefault(options, loggerFactory), cancellationToken);
    }

    internal static async Task<SandboxCluster> StartAsync(SandboxOptions options, ILoggerFactory loggerFactory, SandboxServerSettings settings,
        IEnumerable<ISandboxComponent> components, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var validation = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        var failures = new List<string>();
        if (!System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), validation, validateAllProperties: true))
        {
            failures.AddRange(validation.Select(v => v.ErrorMessage ?? "invalid"));
        }

        failures.AddRange(options.Fleet.Validate(SandboxOptions.SectionName + ":" + SandboxFleetOptions.SectionName));
        if (failures.Count > 0)
        {
            throw new ArgumentException("Invalid sandbox options: " + string.Join("; ", failures), nameof(options));
        }

        // Timestamps stay real time, because real clients and openssl must accept them; ClockSpeed only compresses
        // Kubernetes durations (certificate lifetimes, GC ages, token TTLs the sandbox creates), which the controllers and kubelets apply (Controllers/SandboxTimeScale). A server clock running faster
        // than real time would expire every bootstrap token the sandbox creates within seconds.
        TimeProvider timeProvider = TimeProvider.System;
        var authority = SandboxCertificateAuthority.Create(TimeProvider.System);
        ApiServer? server = null;
        try
        {
            var store = new ObjectStore(timeProvider, settings.HistoryCapacity);
            server = await ApiServer.StartAsync(options.Port, authority, store, settings, timeProvider, loggerFactory, cancellationToken);
            DefaultObjects.Seed(store, SandboxKubeconfig.ClusterInfo(server.ServerUri, authority.CertificatePem));
            RbacProfiles.Apply(store, options.RbacProfile);
            SandboxFleet? fleet = null;
            if (options.Fleet.Enabled)
            {
                // The fleet is in the store before the watch cache starts, like objects that were in etcd before a restart.
                var random = options.Fleet.Seed == 0 ? new Random() : new Random(options.Fleet.Seed);
                fleet = FleetSeeder.Seed(store, authority, options, new SandboxTimeScale(options.ClockSpeed, TimeProvider.System), random);
            }

            store.StartWatchCache();
            var dataDirectory = string.IsNullOrEmpty(options.DataDirectory)
                ? Path.Combine(Directory.GetCurrentDirectory(), ".data", "sandbox")
                : options.DataDirectory;
            var kubeconfigPath = Path.GetFullPath(string.IsNullOrEmpty(options.KubeconfigPath)
                ? Path.Combine(dataDirectory, "sandbox-admin.kubeconfig")
                : options.KubeconfigPath);
            var cluster = new SandboxCluster(server, authority, store, settings, timeProvider, kubeconfigPath, loggerFactory) { Fleet = fleet };
            if (fleet is not null)
            {
                LogFleet(cluster.logger, fleet.Nodes.Count(n => n.Registered), fleet.IssuedCsrs, fleet.PendingCsrs, fleet.Tokens, fleet.Bindings,
                    fleet.SeedDuration.TotalSeconds);
            }

            var (certificate, key) = authority.IssueClientCertificate("kubernetes-admin", [Auth.SandboxUser.MastersGroup]);
            SandboxKubeconfig.Write(kubeconfigPath,
                SandboxKubeconfig.ForClientCertificate(server.ServerUri, authority.CertificatePem, "kubernetes-admin", certificate, key));
            cluster.logger.LogInformation("Sandbox API server listening on {ServerUri}; admin kubeconfig written to {KubeconfigPath}",
                server.ServerUri, kubeconfigPath);
            foreach (var component in components)
            {
                await component.StartAsync(cluster, cancellationToken);
                cluster.components.Add(component);
            }

            return cluster;
        }
        catch
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            authority.Dispose();
            throw;
        }
    }

    /// <summary>Client configuration for <c>kubernetes-admin</c> in <c>system:masters</c>.</summary>
    public KubernetesClientConfiguration CreateAdminConfiguration() => CreateClientConfiguration("kubernetes-admin", Auth.SandboxUser.MastersGroup);

    /// <summary>Client configuration with a fresh client certificate (CN = <paramref name="userName"/>, O = each group).</summary>
    public KubernetesClientConfiguration CreateClientConfiguration(string userName, params string[] groups)
    {
        var (certificate, key) = CertificateAuthority.IssueClientCertificate(userName, groups);
        var config = SandboxKubeconfig.ForClientCertificate(ServerUri, CaCertificatePem, userName, certificate, key);
        return KubernetesClientConfiguration.BuildConfigFromConfigObject(config);
    }

    /// <summary>Client configuration that presents a bearer token (e.g. a bootstrap token) instead of a certificate.</summary>
    public KubernetesClientConfiguration CreateTokenConfiguration(string token)
    {
        var config = CreateAnonymousConfiguration();
        config.AccessToken = token;
        return config;
    }

    /// <summary>Client configuration without credentials (anonymous), trusting the cluster CA.</summary>
    public KubernetesClientConfiguration CreateAnonymousConfiguration() => new()
    {
        Host = ServerUri.ToString().TrimEnd('/'),
        SslCaCerts = [System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(CertificateAuthority.Certificate.RawData)],
    };

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        for (var i = components.Count - 1; i >= 0; i--)
        {
            try
            {
                await components[i].DisposeAsync();
            }
            catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException or ObjectDisposedException)
            {
                logger.LogWarning(ex, "Sandbox component {Component} failed to stop", components[i].GetType().Name);
            }
        }

        await server.DisposeAsync();
        CertificateAuthority.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox fleet preloaded: {Nodes} nodes, {Issued} issued and {Pending} pending CSRs, {Tokens} bootstrap tokens, {Bindings} bindings in {Seconds:0.0} s")]
    private static partial void LogFleet(ILogger logger, int nodes, int issued, int pending, int tokens, int bindings, double seconds);
}

using System.IO.Compression;
using System.Net;
using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Audit;
using BootstrapPortal.Core.Tokens;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Kubeconfigs;

/// <summary>Per-node bootstrap kubeconfigs: a fresh token per node plus the cluster's server and CA.</summary>
public sealed partial class BootstrapKubeconfigService : IBootstrapKubeconfigService
{
    public const int MaxNodesPerRequest = 200;

    /// <summary>The name under which tokens of a failed multi-node request are removed again.</summary>
    public const string RollbackActor = "kubeconfig-rollback";

    private readonly IKubernetes _client;
    private readonly IBootstrapTokenService _tokens;
    private readonly KubeconfigOptions _options;
    private readonly TokenOptions _tokenOptions;
    private readonly IAuditTrail _audit;
    private readonly TimeProvider _time;
    private readonly ILogger<BootstrapKubeconfigService> _logger;

    public BootstrapKubeconfigService(IKubernetes client, IBootstrapTokenService tokens, IOptions<KubeconfigOptions> options,
        IOptions<TokenOptions> tokenOptions, IAuditTrail audit, TimeProvider time, ILogger<BootstrapKubeconfigService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tokenOptions);
        _tokenOptions = tokenOptions.Value;
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _tokens = tokens ?? throw new ArgumentNullException(nameof(tokens));
        _audit = audit ?? throw new ArgumentNullException(nameof(audit));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _options = options.Value;
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public async Task<BootstrapKubeconfig> CreateForNodeAsync(BootstrapKubeconfigRequest request, PortalActor actor, CancellationToken cancellationToken) =>
        (await CreateForNodesAsync([request], actor, cancellationToken))[0];

    public async Task<IReadOnlyList<BootstrapKubeconfig>> CreateForNodesAsync(IReadOnlyList<BootstrapKubeconfigRequest> requests, PortalActor actor,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.Can(PortalPermission.CreateKubeconfigs))
        {
            await _audit.RecordAsync(new AuditEvent(_time.GetUtcNow(), actor, AuditAction.KubeconfigIssue, "Node", null,
                string.Join(",", requests.Select(r => r?.NodeName)), AuditOutcome.Refused, null,
                $"needs the {PortalRoles.LeastRoleFor(PortalPermission.CreateKubeconfigs)} role"), cancellationToken);
            actor.Demand(PortalPermission.CreateKubeconfigs);
        }

        if (requests.Count == 0)
        {
            throw new TokenValidationException("nodeName", "Name at least one node.");
        }

        if (requests.Count > MaxNodesPerRequest)
        {
            throw new TokenValidationException("nodeName", $"At most {MaxNodesPerRequest} nodes per request.");
        }

        // Validate everything before anything is created.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var request in requests)
        {
            ArgumentNullException.ThrowIfNull(request);
            if (DnsSubdomain.Validate(request.NodeName) is { } reason)
            {
                throw new TokenValidationException("nodeName", $"The node name is invalid: {reason}.");
            }

            if (!seen.Add(request.NodeName))
            {
                throw new TokenValidationException("nodeName", "A node name is listed twice.");
            }

            if (!string.IsNullOrWhiteSpace(request.ServerOverride) && ClusterInfo.ValidateServerUrl(request.ServerOverride) is { } serverReason)
            {
                throw new TokenValidationException("serverOverride", $"The server {serverReason}.");
            }

            // The token service checks again; this runs first so that nothing is created for a later bad entry.
            _ = CreateTokenRequestValidator.Validate(TokenRequest(request), _tokenOptions);
        }

        var cluster = await ResolveClusterAsync(cancellationToken);
        var created = new List<BootstrapKubeconfig>();
        try
        {
            foreach (var request in requests)
            {
                var token = await _tokens.CreateAsync(TokenRequest(request), actor, cancellationToken);
                var server = string.IsNullOrWhiteSpace(request.ServerOverride) ? cluster.ServerUrl : request.ServerOverride.TrimEnd('/');
                created.Add(BootstrapKubeconfigBuilder.Build(request.NodeName, token.Id, token.Token, token.Expiration, cluster with { ServerUrl = server }));
                LogCreated(_logger, request.NodeName, token.Id, actor.Name);
                await _audit.RecordAsync(new AuditEvent(_time.GetUtcNow(), actor, AuditAction.KubeconfigIssue, "Node", null, request.NodeName,
                    AuditOutcome.Succeeded, null, $"token {token.Id}, server {server}"), cancellationToken);
            }
        }
        catch (Exception ex) when (created.Count > 0 && ex is TokenValidationException or HttpOperationException or OperationCanceledException)
        {
            // All or nothing: remove the tokens minted for earlier nodes of this request.
            foreach (var kubeconfig in created)
            {
                try
                {
                    // The portal undoes its own partial work, whatever the requester may otherwise do with tokens.
                    await _tokens.DeleteAsync(kubeconfig.TokenId, PortalActor.Portal(RollbackActor), CancellationToken.None);
                }
                catch (Exception cleanup) when (cleanup is HttpOperationException or BootstrapTokenNotFoundException)
                {
                    LogRollbackFailed(_logger, cleanup, kubeconfig.TokenId);
                }
            }

            throw;
        }

        return created;
    }

    public byte[] Zip(IReadOnlyList<BootstrapKubeconfig> kubeconfigs) => ZipKubeconfigs(kubeconfigs);

    /// <summary>The zip of <see cref="Zip"/>: entries <c>&lt;node&gt;/bootstrap-kubelet.conf</c>, Unix mode 0600.</summary>
    public static byte[] ZipKubeconfigs(IReadOnlyList<BootstrapKubeconfig> kubeconfigs)
    {
        ArgumentNullException.ThrowIfNull(kubeconfigs);
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var kubeconfig in kubeconfigs)
            {
                var entry = archive.CreateEntry(kubeconfig.NodeName + "/" + kubeconfig.FileName, CompressionLevel.Optimal);
                // Unix mode 0100600 (regular file, rw-------) in the high 16 bits, as Info-ZIP stores it.
                entry.ExternalAttributes = Convert.ToInt32("100600", 8) << 16;
                using var stream = entry.Open();
                using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false));
                writer.Write(kubeconfig.Yaml);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Server and CA: configured values first, the rest from <c>kube-public/cluster-info</c>.</summary>
    public async Task<ClusterInfo> ResolveClusterAsync(CancellationToken cancellationToken)
    {
        string? configuredCa = string.IsNullOrWhiteSpace(_options.CaFile) ? null : await File.ReadAllTextAsync(_options.CaFile, cancellationToken);
        var configuredServer = string.IsNullOrWhiteSpace(_options.ServerUrl) ? null : _options.ServerUrl.TrimEnd('/');
        if (configuredCa is not null && configuredServer is not null)
        {
            return new ClusterInfo(configuredServer, configuredCa);
        }

        V1ConfigMap? configMap;
        try
        {
            configMap = await _client.CoreV1.ReadNamespacedConfigMapAsync(BootstrapTokenFormat.ClusterInfoConfigMap,
                BootstrapTokenFormat.ClusterInfoNamespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            configMap = null;
        }
        catch (HttpOperationException ex)
        {
            throw new ClusterInfoException($"Reading ConfigMap kube-public/cluster-info failed with {(int)ex.Response.StatusCode}.", ex);
        }

        var fromCluster = ClusterInfo.FromConfigMap(configMap);
        return new ClusterInfo(configuredServer ?? fromCluster.ServerUrl, configuredCa ?? fromCluster.CaPem);
    }

    private static CreateTokenRequest TokenRequest(BootstrapKubeconfigRequest request) => new(
        Ttl: request.Ttl,
        Description: $"Bootstrap kubeconfig for node {request.NodeName}",
        NodeName: request.NodeName,
        OneTime: request.OneTime);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created a bootstrap kubeconfig for node {NodeName} with token {TokenId} for {Actor}")]
    private static partial void LogCreated(ILogger logger, string nodeName, string tokenId, string actor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete bootstrap token {TokenId} after a failed multi-node request")]
    private static partial void LogRollbackFailed(ILogger logger, Exception exception, string tokenId);
}

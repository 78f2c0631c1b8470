using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using BootstrapPortal.Core.Csrs;
using k8s;
using k8s.Models;

namespace BootstrapPortal.Benchmarks.Fleet;

/// <summary>
/// Counts a cluster's fleet objects and creates what is missing through the official client, as a cluster's users would:
/// Nodes, person client-certificate CSRs (pending, or approved through <c>/approval</c> and then signed by the cluster's
/// signer), bootstrap-token Secrets and RBAC bindings. Every request carries a real P-256 key.
/// </summary>
public sealed class FleetWriter(IKubernetes client, int concurrency = 8)
{
    public const string NamePrefix = "bench-";
    private const string KubeSystem = "kube-system";
    private const string TokenType = "bootstrap.kubernetes.io/token";

    /// <summary>Counts nodes, CSRs (and pending ones), bootstrap tokens and bindings with paged lists.</summary>
    public async Task<FleetCounts> CountAsync(CancellationToken cancellationToken)
    {
        var nodes = await CountPagedAsync(async (c, ct) => { var l = await client.CoreV1.ListNodeAsync(continueParameter: c, limit: 500, cancellationToken: ct); return (l.Items.Count, l.Metadata?.ContinueProperty); }, cancellationToken);
        var csrs = 0;
        var pending = 0;
        string? next = null;
        do
        {
            var page = await client.CertificatesV1.ListCertificateSigningRequestAsync(continueParameter: next, limit: 500, cancellationToken: cancellationToken);
            csrs += page.Items.Count;
            pending += page.Items.Count(i => CertificateRequestStates.StateOf(i) == CsrState.Pending);
            next = page.Metadata?.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(next));

        var tokens = await CountPagedAsync(async (c, ct) => { var l = await client.CoreV1.ListNamespacedSecretAsync(KubeSystem, fieldSelector: "type=" + TokenType, continueParameter: c, limit: 500, cancellationToken: ct); return (l.Items.Count, l.Metadata?.ContinueProperty); }, cancellationToken);
        var clusterBindings = await CountPagedAsync(async (c, ct) => { var l = await client.RbacAuthorizationV1.ListClusterRoleBindingAsync(continueParameter: c, limit: 500, cancellationToken: ct); return (l.Items.Count, l.Metadata?.ContinueProperty); }, cancellationToken);
        var roleBindings = await CountPagedAsync(async (c, ct) => { var l = await client.RbacAuthorizationV1.ListRoleBindingForAllNamespacesAsync(continueParameter: c, limit: 500, cancellationToken: ct); return (l.Items.Count, l.Metadata?.ContinueProperty); }, cancellationToken);
        return new FleetCounts(nodes, csrs, pending, tokens, clusterBindings + roleBindings);
    }

    /// <summary>Creates <paramref name="missing"/> (names start with <see cref="NamePrefix"/>); reports progress in words.</summary>
    public async Task CreateAsync(FleetShape missing, Action<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(missing);
        var run = RandomNumberGenerator.GetHexString(6, lowercase: true);
        var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };

        progress?.Invoke($"creating {missing.Nodes} nodes");
        await Parallel.ForEachAsync(Enumerable.Range(0, missing.Nodes), options, async (i, ct) =>
            await client.CoreV1.CreateNodeAsync(Node($"{NamePrefix}{run}-node-{i:D5}", i), cancellationToken: ct));

        progress?.Invoke($"creating {missing.Csrs} CSRs ({missing.PendingCsrs} left pending, {missing.IssuedCsrs} approved)");
        await Parallel.ForEachAsync(Enumerable.Range(0, missing.Csrs), options, async (i, ct) =>
        {
            var name = $"{NamePrefix}{run}-csr-{i:D6}";
            var created = await client.CertificatesV1.CreateCertificateSigningRequestAsync(UserCsr(name, i), cancellationToken: ct);
            if (i >= missing.PendingCsrs)
            {
                created.Status ??= new V1CertificateSigningRequestStatus();
                created.Status.Conditions = [new V1CertificateSigningRequestCondition
                {
                    Type = "Approved", Status = "True", Reason = "BenchmarkFleet", Message = "approved by the fleet loader",
                    LastUpdateTime = DateTime.UtcNow,
                }];
                await client.CertificatesV1.ReplaceCertificateSigningRequestApprovalAsync(created, name, cancellationToken: ct);
            }
        });

        progress?.Invoke($"creating {missing.Tokens} bootstrap tokens");
        await Parallel.ForEachAsync(Enumerable.Range(0, missing.Tokens), options, async (i, ct) =>
            await client.CoreV1.CreateNamespacedSecretAsync(Token(i), KubeSystem, cancellationToken: ct));

        progress?.Invoke($"creating {missing.Bindings} bindings");
        var roles = (await client.RbacAuthorizationV1.ListClusterRoleAsync(cancellationToken: cancellationToken)).Items
            .Select(r => r.Metadata.Name).Where(n => n.StartsWith("system:", StringComparison.Ordinal) || n is "view" or "edit" or "admin")
            .Order(StringComparer.Ordinal).ToArray();
        if (roles.Length == 0 && missing.Bindings > 0)
        {
            throw new InvalidOperationException("the cluster has no ClusterRoles to bind");
        }

        await Parallel.ForEachAsync(Enumerable.Range(0, missing.Bindings), options, async (i, ct) =>
        {
            var name = $"{NamePrefix}{run}-binding-{i:D5}";
            var roleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = roles[i % roles.Length] };
            var subjects = new List<Rbacv1Subject> { Subject(i) };
            if (i % 2 == 0)
            {
                await client.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding { Metadata = new V1ObjectMeta { Name = name }, RoleRef = roleRef, Subjects = subjects }, cancellationToken: ct);
            }
            else
            {
                await client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = KubeSystem }, RoleRef = roleRef, Subjects = subjects }, KubeSystem, cancellationToken: ct);
            }
        });
    }

    private static async Task<int> CountPagedAsync(Func<string?, CancellationToken, Task<(int Count, string? Continue)>> page, CancellationToken cancellationToken)
    {
        var total = 0;
        string? next = null;
        do
        {
            (var count, next) = await page(next, cancellationToken);
            total += count;
        }
        while (!string.IsNullOrEmpty(next));
        return total;
    }

    private static V1Node Node(string name, int i) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name, ["kubernetes.io/os"] = "linux" },
        },
        Status = new V1NodeStatus
        {
            Addresses = [new V1NodeAddress { Address = AddressOf(i).ToString(), Type = "InternalIP" }, new V1NodeAddress { Address = name, Type = "Hostname" }],
        },
    };

    private static IPAddress AddressOf(int i) => new([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i]);

    private static V1CertificateSigningRequest UserCsr(string name, int i) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1CertificateSigningRequestSpec
        {
            Request = FleetRequests.UserClient($"bench-user-{i:D6}", $"bench-team-{i % 50:D2}"),
            SignerName = "kubernetes.io/kube-apiserver-client",
            Usages = ["digital signature", "client auth"],
            ExpirationSeconds = 86400,
        },
    };

    private static V1Secret Token(int i)
    {
        var id = "b" + Convert.ToString(i, CultureInfo.InvariantCulture).PadLeft(5, '0');
        // Every tenth expires within the hour ("expiring soon"); already expired ones would be deleted by tokencleaner.
        var expiration = i % 10 == 0 ? DateTimeOffset.UtcNow.AddMinutes(50) : DateTimeOffset.UtcNow.AddHours(2 + (i % 48));
        return new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "bootstrap-token-" + id, NamespaceProperty = KubeSystem },
            Type = TokenType,
            StringData = new Dictionary<string, string>
            {
                ["token-id"] = id,
                ["token-secret"] = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 16),
                ["expiration"] = expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["usage-bootstrap-authentication"] = "true",
                ["usage-bootstrap-signing"] = "true",
                ["auth-extra-groups"] = "system:bootstrappers:kubeadm:default-node-token",
                ["description"] = "fleet benchmark token",
            },
        };
    }

    private static Rbacv1Subject Subject(int i) => (i % 3) switch
    {
        0 => new Rbacv1Subject { Kind = "User", Name = $"bench-user-{i:D6}", ApiGroup = "rbac.authorization.k8s.io" },
        1 => new Rbacv1Subject { Kind = "Group", Name = $"bench-team-{i % 50:D2}", ApiGroup = "rbac.authorization.k8s.io" },
        _ => new Rbacv1Subject { Kind = "ServiceAccount", Name = $"bench-sa-{i:D5}", NamespaceProperty = KubeSystem },
    };
}

using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Audit;
using BootstrapPortal.Core.Cluster;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Csrs.Serving;
using BootstrapPortal.Core.Preflight;
using BootstrapPortal.Core.Tests.Rbac;
using BootstrapPortal.Core.Tokens;
using BootstrapPortal.Sandbox;
using BootstrapPortal.Tests.Shared;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Tests.Preflight;

/// <summary>The preflight against the sandbox over real HTTPS: probes, anonymous reads and the cluster's own evidence.</summary>
public sealed class PreflightSandboxTests
{
    private static PreflightService Preflight(RbacSandbox rbac, Kubernetes? client = null, PreflightOptions? options = null)
    {
        client ??= rbac.Admin;
        var endpoint = new ClusterEndpoint("sandbox", KubernetesMode.Sandbox, rbac.Sandbox.CreateAdminConfiguration());
        var catalog = new CsrCatalog(rbac.Cache, new FixedCaSource(rbac.Sandbox.CaCertificatePem), new InMemoryServingPolicyStore(ServingPolicy.Default), new StaticOptionsMonitor<CsrPolicyOptions>(new CsrPolicyOptions()), TimeProvider.System);
        var probe = new BootstrapTokenProbe(client, new BootstrapTokenGenerator(), rbac.Trail, TimeProvider.System, NullLogger<BootstrapTokenProbe>.Instance);
        return new PreflightService(client, endpoint, rbac.Cache, catalog, rbac.Audit, probe, new StaticOptionsMonitor<PreflightOptions>(options ?? new PreflightOptions()),
            Options.Create(new TokenOptions()), TimeProvider.System, NullLogger<PreflightService>.Instance);
    }

    private static PreflightCheck Check(PreflightReport report, string id) => Assert.Single(report.Checks, c => c.Id == id);

    [Fact]
    public async Task A_healthy_cluster_with_a_joined_node_passes_every_check_and_the_probe_token_is_gone_afterwards()
    {
        await using var rbac = await RbacSandbox.StartAsync(SandboxRbacProfile.Kubeadm);
        var token = await rbac.Sandbox.Kubelets!.CreateBootstrapTokenAsync("preflight test", TimeSpan.FromHours(2), CancellationToken.None);
        var kubelet = await rbac.JoinAsync(token, "preflight-node");
        await kubelet.Registered.WaitAsync(RbacSandbox.Timeout);
        var id = token[..6];
        var cmName = "cluster-info";
        await RbacSandbox.Eventually(() => rbac.Cache.CertificateSigningRequests.Items.Any(c => c.Status?.Certificate is not null), "the CSR is issued and cached");
        await RbacSandbox.Eventually(() => rbac.Admin.CoreV1.ReadNamespacedConfigMap(cmName, "kube-public").Data.ContainsKey("jws-kubeconfig-" + id), "bootstrapsigner signed cluster-info");

        using var preflight = Preflight(rbac);
        var report = await preflight.GetAsync(PortalActor.Local, refresh: false, CancellationToken.None);
        Assert.All(report.Checks, c => Assert.True(c.Status == PreflightStatus.Pass, $"{c.Id}: {c.Status} — {string.Join(" | ", c.Evidence)}"));
        Assert.Equal(7, report.Checks.Count);
        Assert.Contains("authenticated the probe token", Check(report, TokenAuthenticationCheck.Id).Evidence[0], StringComparison.Ordinal);
        Assert.Contains("system:bootstrappers", Check(report, TokenAuthenticationCheck.Id).Evidence[0], StringComparison.Ordinal);
        Assert.Contains($"token {id}: valid signature", Check(report, ClusterInfoSignaturesCheck.Id).Evidence);
        Assert.Contains("chains to this CA", string.Join(" ", Check(report, ClientCaCheck.Id).Evidence), StringComparison.Ordinal);
        Assert.Contains("auto-approved", Check(report, CsrApprovingCheck.Id).Evidence[0], StringComparison.Ordinal);
        Assert.Contains("answered 200", Check(report, AnonymousClusterInfoCheck.Id).Evidence[0], StringComparison.Ordinal);

        // The probe token was made, reviewed and deleted, and both writes are in the audit trail.
        var secrets = await rbac.Admin.CoreV1.ListNamespacedSecretAsync("kube-system");
        Assert.DoesNotContain(secrets.Items, s => BootstrapTokenProbe.IsProbe(s));
        var probeEvents = rbac.Trail.Events.Where(e => e.Actor.Name == "preflight").Select(e => e.Action).ToArray();
        Assert.Equal([AuditAction.TokenCreate, AuditAction.TokenDelete], probeEvents);
        Assert.DoesNotContain(report.Checks.SelectMany(c => c.Evidence), e => e.Contains(token[7..], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_evidence_the_controllers_are_unknown_never_red()
    {
        await using var rbac = await RbacSandbox.StartAsync(SandboxRbacProfile.Kubeadm);
        using var preflight = Preflight(rbac);
        var report = await preflight.GetAsync(PortalActor.Local, refresh: false, CancellationToken.None);
        Assert.Equal(PreflightStatus.Unknown, Check(report, CsrSigningCheck.Id).Status);
        Assert.Equal(PreflightStatus.Unknown, Check(report, CsrApprovingCheck.Id).Status);
        Assert.Equal(PreflightStatus.Unknown, Check(report, ClusterInfoSignaturesCheck.Id).Status);
        Assert.Contains("static pod", string.Join(" ", Check(report, CsrSigningCheck.Id).Evidence), StringComparison.Ordinal);
        Assert.DoesNotContain(report.Checks, c => c.Status == PreflightStatus.Fail);
    }

    [Fact]
    public async Task Removing_anonymous_access_to_cluster_info_fails_with_kubeadms_role_as_the_fix()
    {
        await using var rbac = await RbacSandbox.StartAsync(SandboxRbacProfile.Kubeadm);
        await rbac.Admin.RbacAuthorizationV1.DeleteNamespacedRoleBindingAsync("kubeadm:bootstrap-signer-clusterinfo", "kube-public");
        await RbacSandbox.Eventually(() => rbac.Cache.RoleBindings.Items.All(b => b.Metadata.Name != "kubeadm:bootstrap-signer-clusterinfo"), "the cache saw the deletion");
        using var preflight = Preflight(rbac);
        var check = Check(await preflight.GetAsync(PortalActor.Local, refresh: false, CancellationToken.None), AnonymousClusterInfoCheck.Id);
        Assert.Equal(PreflightStatus.Fail, check.Status);
        Assert.Contains("403", check.Evidence[0], StringComparison.Ordinal);
        Assert.Contains("system:anonymous", check.Fix, StringComparison.Ordinal);

        // Applying the fix's YAML brings it back.
        foreach (var obj in KubernetesYaml.LoadAllFromString(AnonymousClusterInfoCheck.RbacYaml))
        {
            if (obj is V1RoleBinding binding)
            {
                await rbac.Admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(binding, "kube-public");
            }
        }

        await Task.Delay(PreflightService.MinRefreshInterval);
        Assert.Equal(PreflightStatus.Pass, Check(await preflight.GetAsync(PortalActor.Local, refresh: true, CancellationToken.None), AnonymousClusterInfoCheck.Id).Status);
    }

    [Fact]
    public async Task A_portal_that_may_not_create_secrets_reports_the_probe_as_unknown_with_the_reason()
    {
        await using var rbac = await RbacSandbox.StartAsync(SandboxRbacProfile.Kubeadm);
        await rbac.Admin.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole
        {
            Metadata = new V1ObjectMeta { Name = "test:read-only-portal" },
            Rules = [new V1PolicyRule { Verbs = ["get", "list", "watch"], ApiGroups = ["*"], Resources = ["*"] }],
        });
        await rbac.Admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "test:read-only-portal" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "test:read-only-portal" },
            Subjects = [new Rbacv1Subject { Kind = "User", ApiGroup = "rbac.authorization.k8s.io", Name = "read-only-portal" }],
        });
        using var limited = new Kubernetes(rbac.Sandbox.CreateClientConfiguration("read-only-portal"));
        using var preflight = Preflight(rbac, limited);
        var check = Check(await preflight.GetAsync(PortalActor.Local, refresh: false, CancellationToken.None), TokenAuthenticationCheck.Id);
        Assert.Equal(PreflightStatus.Unknown, check.Status);
        Assert.Contains("may not create Secrets", check.Evidence[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_are_shared_by_concurrent_callers_and_reused_until_they_age()
    {
        await using var rbac = await RbacSandbox.StartAsync(SandboxRbacProfile.Kubeadm);
        using var preflight = Preflight(rbac);
        var reports = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => preflight.GetAsync(PortalActor.Local, refresh: false, CancellationToken.None)));
        Assert.All(reports, r => Assert.Same(reports[0], r));
        Assert.Same(reports[0], await preflight.GetAsync(PortalActor.Local, refresh: true, CancellationToken.None));
        Assert.Single(rbac.Trail.Events, e => e.Action == AuditAction.TokenCreate);
        var viewer = new PortalActor("viewer@example.com", PortalActorKind.Person, [], [PortalRole.Viewer]);
        Assert.Same(reports[0], await preflight.GetAsync(viewer, refresh: false, CancellationToken.None));
        var provisioner = new PortalActor("ci@example.com", PortalActorKind.Script, [], [PortalRole.Provisioner]);
        await Assert.ThrowsAsync<PortalAccessDeniedException>(() => preflight.GetAsync(provisioner, refresh: false, CancellationToken.None));
    }

    private sealed class FixedCaSource(string pem) : IClusterCaSource
    {
        public string? GetCaPem() => pem;
    }

}

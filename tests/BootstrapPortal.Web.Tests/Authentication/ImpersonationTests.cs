using System.Net;
using System.Text;
using System.Text.Json;
using BootstrapPortal.Core.Audit;
using BootstrapPortal.Tests.Shared;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Web.Tests.Authentication;

/// <summary>The portal with <c>Kubernetes:ImpersonateUsers=true</c> against the sandbox, which enforces RBAC for the impersonated person.</summary>
public sealed class ImpersonatingPortalFixture : OidcPortalFixture
{
    protected override IDictionary<string, string?> ExtraSettings() => new Dictionary<string, string?> { ["Kubernetes:ImpersonateUsers"] = "true" };
}

/// <summary>
/// With impersonation on, Kubernetes sees the person: cluster RBAC bound to the person's group lets their approval land (naming
/// them), a person whose cluster RBAC lacks it is refused by Kubernetes although the portal role allows it (403 problem,
/// audited as Refused), and impersonation headers sent to the portal change nothing.
/// </summary>
public sealed class ImpersonationTests(ImpersonatingPortalFixture fixture) : IClassFixture<ImpersonatingPortalFixture>
{
    private IKubernetes Admin => fixture.Server.Services.GetRequiredService<IKubernetes>();

    private async Task GrantApprovalToGroupAsync(string group)
    {
        var name = "approve-serving-" + group;
        try
        {
            await Admin.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole
            {
                Metadata = new V1ObjectMeta { Name = name },
                Rules =
                [
                    new V1PolicyRule { ApiGroups = ["certificates.k8s.io"], Resources = ["certificatesigningrequests"], Verbs = ["get", "list", "watch"] },
                    new V1PolicyRule { ApiGroups = ["certificates.k8s.io"], Resources = ["certificatesigningrequests/approval"], Verbs = ["update"] },
                    new V1PolicyRule { ApiGroups = ["certificates.k8s.io"], Resources = ["signers"], ResourceNames = ["kubernetes.io/kubelet-serving"], Verbs = ["approve"] },
                ],
            });
            await Admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
            {
                Metadata = new V1ObjectMeta { Name = name },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = name },
                Subjects = [new Rbacv1Subject { Kind = "Group", ApiGroup = "rbac.authorization.k8s.io", Name = group }],
            });
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Granted by an earlier test of this class.
        }
    }


    private static StringContent Reason(string text) => new(JsonSerializer.Serialize(new { reason = text }), Encoding.UTF8, "application/json");

    // The test CSRs are for nodes that never registered, so their verdict fails: an approval that must land overrides it.
    private static StringContent Override(string text) => new(JsonSerializer.Serialize(new { reason = text, @override = true }), Encoding.UTF8, "application/json");

    [Fact]
    public async Task An_approval_lands_as_the_person_when_their_group_holds_the_cluster_permission()
    {
        await GrantApprovalToGroupAsync(TestIdentityProvider.AdminGroup);
        var csr = await ServingCsrs.CreatePendingAsync(Admin, "imp-ok");
        using var admin = await fixture.ScriptClientAsync("script-admin");
        using var response = await admin.PostAsync(new Uri($"/api/v1/csrs/{csr}/approve", UriKind.Relative), Override("approved as myself"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await Admin.CertificatesV1.ReadCertificateSigningRequestAsync(csr);
        var condition = Assert.Single(stored.Status.Conditions, c => c.Type == "Approved");
        Assert.Equal("approved as myself (by script-admin via BootstrapPortal)", condition.Message);
    }

    [Fact]
    public async Task Kubernetes_refuses_a_person_whose_cluster_rbac_lacks_approve_even_though_the_portal_role_allows_it()
    {
        var csr = await ServingCsrs.CreatePendingAsync(Admin, "imp-refused");
        using var approver = await fixture.ScriptClientAsync("script-approver");
        using var response = await approver.PostAsync(new Uri($"/api/v1/csrs/{csr}/approve", UriKind.Relative), Reason("no cluster rights"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Contains("Kubernetes refused", problem, StringComparison.Ordinal);
        Assert.Contains("script-approver", problem, StringComparison.Ordinal);

        var stored = await Admin.CertificatesV1.ReadCertificateSigningRequestAsync(csr);
        Assert.DoesNotContain(stored.Status?.Conditions ?? [], c => c.Type is "Approved" or "Denied");
        var page = await fixture.Server.Services.GetRequiredService<IAuditStore>().QueryAsync(
            new AuditQuery(Actor: "script-approver", Action: AuditAction.CsrApprove), CancellationToken.None);
        var entry = Assert.Single(page.Items, e => e.TargetName == csr);
        Assert.Equal(AuditOutcome.Refused, entry.Outcome);
        Assert.Contains("forbidden", entry.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_token_write_for_a_person_without_cluster_rights_on_secrets_is_refused_by_kubernetes()
    {
        using var provisioner = await fixture.ScriptClientAsync("script-provisioner");
        using var response = await provisioner.PostAsync(new Uri("/api/v1/bootstrap-tokens", UriKind.Relative),
            new StringContent("""{"ttl":"1h","description":"impersonated"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("\"token\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var page = await fixture.Server.Services.GetRequiredService<IAuditStore>().QueryAsync(
            new AuditQuery(Actor: "script-provisioner", Action: AuditAction.TokenCreate), CancellationToken.None);
        Assert.Contains(page.Items, e => e.Outcome == AuditOutcome.Refused);
    }

    [Fact]
    public async Task Impersonation_headers_sent_to_the_portal_have_no_effect()
    {
        var csr = await ServingCsrs.CreatePendingAsync(Admin, "imp-forged");
        using var approver = await fixture.ScriptClientAsync("script-approver");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/csrs/{csr}/approve") { Content = Reason("forged") };
        request.Headers.TryAddWithoutValidation("Impersonate-User", "kubernetes-admin");
        request.Headers.TryAddWithoutValidation("Impersonate-Group", "system:masters");
        request.Headers.TryAddWithoutValidation("Impersonate-Extra-Scopes", "all");
        using var response = await approver.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var stored = await Admin.CertificatesV1.ReadCertificateSigningRequestAsync(csr);
        Assert.DoesNotContain(stored.Status?.Conditions ?? [], c => c.Type is "Approved" or "Denied");
    }

    [Fact]
    public async Task The_shared_caches_keep_the_portals_own_identity()
    {
        // Readiness means every cache listed and watches, with the portal's credentials (no person can list Secrets here).
        using var ready = await fixture.Anonymous.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var viewer = await fixture.ScriptClientAsync("script-viewer");
        using var tokens = await viewer.GetAsync(new Uri("/api/v1/bootstrap-tokens", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, tokens.StatusCode);
    }
}

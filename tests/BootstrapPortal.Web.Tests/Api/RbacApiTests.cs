using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BootstrapPortal.Web.Api;
using BootstrapPortal.Web.Hosting;
using BootstrapPortal.Web.Tests.Hosting;
using k8s;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Web.Tests.Api;

/// <summary>The RBAC audit and preflight endpoints on real Kestrel over the sandbox (kubeadm bindings): shapes, validation, the fix.</summary>
public sealed class RbacApiTests(SandboxPortalFixture fixture) : IClassFixture<SandboxPortalFixture>
{
    private const string KubeadmGroup = "system:bootstrappers:kubeadm:default-node-token";

    private static Uri Relative(string path) => new(path, UriKind.Relative);

    private async Task<HttpClient> ReadyClient()
    {
        await fixture.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        return fixture.Client;
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private Kubernetes Admin() => new(fixture.Server.Services.GetRequiredService<SandboxClusterHost>().Cluster.CreateAdminConfiguration());

    [Fact]
    public async Task The_checklist_lists_each_requirement_per_group_with_the_bindings_behind_it()
    {
        var client = await ReadyClient();
        using var response = await client.GetAsync(Relative("/api/v1/rbac/bootstrap-checklist"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = (await Json(response)).EnumerateArray().ToArray();
        var create = rows.Single(r => r.GetProperty("requirement").GetString() == "create-csrs" && r.GetProperty("group").GetString() == KubeadmGroup);
        Assert.True(create.GetProperty("satisfied").GetBoolean());
        Assert.Equal("satisfied", create.GetProperty("status").GetString());
        Assert.Equal("system:node-bootstrapper", create.GetProperty("clusterRole").GetString());
        var grant = Assert.Single(create.GetProperty("satisfiedBy").EnumerateArray());
        Assert.Equal(("ClusterRoleBinding", "kubeadm:kubelet-bootstrap", "Group " + KubeadmGroup),
            (grant.GetProperty("kind").GetString(), grant.GetProperty("name").GetString(), grant.GetProperty("subject").GetString()));
        var renewals = rows.Single(r => r.GetProperty("requirement").GetString() == "auto-approve-renewals");
        Assert.Equal("system:nodes", renewals.GetProperty("group").GetString());
        Assert.All(rows, r => Assert.False(string.IsNullOrEmpty(r.GetProperty("impact").GetString())));
    }

    [Fact]
    public async Task Who_can_answers_with_paths_and_refuses_bad_input_naming_the_field_without_echoing_it()
    {
        var client = await ReadyClient();
        using var ok = await client.GetAsync(Relative("/api/v1/rbac/who-can?verb=approve&resource=signers.certificates.k8s.io&name=kubernetes.io/kube-apiserver-client-kubelet"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var subjects = (await Json(ok)).EnumerateArray().ToArray();
        Assert.Equal(("Group", "system:masters"), (subjects[0].GetProperty("kind").GetString(), subjects[0].GetProperty("name").GetString()));
        Assert.True(subjects[0].GetProperty("via")[0].GetProperty("builtIn").GetBoolean());
        var controller = subjects.Single(s => s.GetProperty("name").GetString() == "certificate-controller");
        Assert.Equal("kube-system", controller.GetProperty("namespace").GetString());
        Assert.Equal("system:controller:certificate-controller", controller.GetProperty("via")[0].GetProperty("bindingName").GetString());

        foreach (var (query, field) in new[]
        {
            ("verb=CREATE%20it&resource=secrets", "verb"),
            ("resource=secrets", "verb"),
            ("verb=get&resource=%3Cscript%3E", "resource"),
            ("verb=get&resource=secrets&namespace=Not_A_Namespace", "namespace"),
            ("verb=get&resource=secrets&subresource=st%2Fatus", "subresource"),
        })
        {
            using var bad = await client.GetAsync(Relative("/api/v1/rbac/who-can?" + query));
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var body = await bad.Content.ReadAsStringAsync();
            Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(field, out _), $"{query}: {body}");
            Assert.DoesNotContain("script", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Not_A_Namespace", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_audits_own_questions_and_the_findings_are_served()
    {
        var client = await ReadyClient();
        using var questions = await client.GetAsync(Relative("/api/v1/rbac/who-can/questions"));
        Assert.Equal(HttpStatusCode.OK, questions.StatusCode);
        var ids = (await Json(questions)).EnumerateArray().Select(q => q.GetProperty("id").GetString()).ToArray();
        Assert.Contains("approve:kubernetes.io/kube-apiserver-client-kubelet", ids);
        Assert.Contains("mint-tokens", ids);
        Assert.Contains("impersonate-users", ids);

        using var findings = await client.GetAsync(Relative("/api/v1/rbac/findings"));
        Assert.Equal(HttpStatusCode.OK, findings.StatusCode);
        foreach (var finding in (await Json(findings)).EnumerateArray())
        {
            foreach (var property in new[] { "id", "severity", "title", "subjects", "bindings", "fix" })
            {
                Assert.True(finding.TryGetProperty(property, out _), property);
            }
        }
    }

    [Fact]
    public async Task Preflight_answers_every_check_with_evidence_and_when_it_ran()
    {
        var client = await ReadyClient();
        using var response = await client.GetAsync(Relative("/api/v1/preflight"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(DateTimeOffset.TryParse(response.Headers.GetValues(RbacEndpoints.PreflightRanAtHeader).Single(), out _));
        var checks = (await Json(response)).EnumerateArray().ToArray();
        Assert.Equal(["bootstrap-token-auth", "client-ca", "cluster-info-signatures", "csr-signing", "csr-approving", "anonymous-cluster-info", "token-expiry"],
            checks.Select(c => c.GetProperty("id").GetString()));
        var auth = checks[0];
        Assert.Equal("pass", auth.GetProperty("status").GetString());
        Assert.NotEmpty(auth.GetProperty("evidence").EnumerateArray());
        Assert.All(checks, c => Assert.Contains(c.GetProperty("status").GetString(), new[] { "pass", "warn", "fail", "unknown" }));
    }

    [Fact]
    public async Task Tokens_say_whether_they_can_bootstrap_and_the_api_default_group_is_the_one_the_bindings_grant()
    {
        var client = await ReadyClient();
        using var byDefault = await client.PostAsJsonAsync(Relative("/api/v1/bootstrap-tokens"), new { ttl = "1h", description = "api default group" });
        Assert.Equal(HttpStatusCode.Created, byDefault.StatusCode);
        var defaultId = (await Json(byDefault)).GetProperty("id").GetString();
        using var noGroups = await client.PostAsJsonAsync(Relative("/api/v1/bootstrap-tokens"), new { ttl = "1h", description = "no group", groups = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.Created, noGroups.StatusCode);
        var noGroupsId = (await Json(noGroups)).GetProperty("id").GetString();

        JsonElement[] rows = [];
        for (var i = 0; i < 100 && rows.Length < 2; i++)
        {
            using var list = await client.GetAsync(Relative("/api/v1/bootstrap-tokens"));
            rows = [.. (await Json(list)).EnumerateArray().Where(t => t.GetProperty("id").GetString() is { } id && (id == defaultId || id == noGroupsId))];
            await Task.Delay(100);
        }

        var withDefault = rows.Single(t => t.GetProperty("id").GetString() == defaultId);
        Assert.Equal([KubeadmGroup], withDefault.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal("auto-approved", withDefault.GetProperty("canBootstrap").GetProperty("result").GetString());
        var without = rows.Single(t => t.GetProperty("id").GetString() == noGroupsId);
        Assert.Equal("cannot-bootstrap", without.GetProperty("canBootstrap").GetProperty("result").GetString());
        Assert.Contains("create certificatesigningrequests", without.GetProperty("canBootstrap").GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
        using var one = await client.GetAsync(Relative("/api/v1/bootstrap-tokens/" + noGroupsId));
        Assert.Equal("cannot-bootstrap", (await Json(one)).GetProperty("canBootstrap").GetProperty("result").GetString());

        await client.DeleteAsync(Relative("/api/v1/bootstrap-tokens/" + defaultId));
        await client.DeleteAsync(Relative("/api/v1/bootstrap-tokens/" + noGroupsId));
    }

    [Fact]
    public async Task The_fix_previews_with_dry_run_validates_its_input_and_creates_what_is_missing()
    {
        var client = await ReadyClient();
        using var dryRun = await client.PostAsJsonAsync(Relative("/api/v1/rbac/bootstrap-checklist/fix"), new { groups = new[] { "system:bootstrappers" }, dryRun = true });
        Assert.Equal(HttpStatusCode.OK, dryRun.StatusCode);
        var plan = await Json(dryRun);
        Assert.Equal(["planned", "planned"], plan.GetProperty("bindings").EnumerateArray().Select(b => b.GetProperty("outcome").GetString()));
        Assert.Contains("kind: ClusterRoleBinding", plan.GetProperty("yaml").GetString(), StringComparison.Ordinal);
        using var admin = Admin();
        Assert.DoesNotContain((await admin.RbacAuthorizationV1.ListClusterRoleBindingAsync()).Items, b => b.Metadata.Name.StartsWith("bootstrapportal:", StringComparison.Ordinal));

        using var badRequirement = await client.PostAsJsonAsync(Relative("/api/v1/rbac/bootstrap-checklist/fix"), new { requirements = new[] { "everything" } });
        Assert.Equal(HttpStatusCode.BadRequest, badRequirement.StatusCode);
        Assert.True((await Json(badRequirement)).GetProperty("errors").TryGetProperty("requirements", out _));
        using var badGroup = await client.PostAsJsonAsync(Relative("/api/v1/rbac/bootstrap-checklist/fix"), new { groups = new[] { "system:masters" } });
        Assert.Equal(HttpStatusCode.BadRequest, badGroup.StatusCode);
        Assert.True((await Json(badGroup)).GetProperty("errors").TryGetProperty("groups", out _));

        // Remove kubeadm's renewal binding: the checklist shows it missing, the default fix restores it.
        await admin.RbacAuthorizationV1.DeleteClusterRoleBindingAsync("kubeadm:node-autoapprove-certificate-rotation");
        await WaitForRenewalsStatusAsync(client, "missing");
        using var fixResponse = await client.PostAsJsonAsync(Relative("/api/v1/rbac/bootstrap-checklist/fix"), new { });
        Assert.Equal(HttpStatusCode.OK, fixResponse.StatusCode);
        var result = await Json(fixResponse);
        Assert.True(result.GetProperty("succeeded").GetBoolean());
        var created = Assert.Single(result.GetProperty("bindings").EnumerateArray());
        Assert.Equal(("bootstrapportal:node-autoapprove-certificate-rotation:system:nodes", "created"),
            (created.GetProperty("name").GetString(), created.GetProperty("outcome").GetString()));
        await WaitForRenewalsStatusAsync(client, "satisfied");
    }

    private static async Task WaitForRenewalsStatusAsync(HttpClient client, string status)
    {
        for (var i = 0; i < 200; i++)
        {
            using var response = await client.GetAsync(Relative("/api/v1/rbac/bootstrap-checklist"));
            var row = (await Json(response)).EnumerateArray().Single(r => r.GetProperty("requirement").GetString() == "auto-approve-renewals");
            if (row.GetProperty("status").GetString() == status)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The renewals row did not become " + status);
    }
}

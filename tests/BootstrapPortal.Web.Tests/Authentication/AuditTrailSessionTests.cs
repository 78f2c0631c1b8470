using System.Net;
using System.Text;
using System.Text.Json;
using BootstrapPortal.Tests.Shared;
using BootstrapPortal.Web.Tests.Api;
using k8s;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Web.Tests.Authentication;

/// <summary>
/// A provisioning script's whole session through the API, then the audit trail as an Admin reads it: every change with who,
/// what, target, outcome and reason, newest first, filterable; and a Kubernetes Event on each object that exists.
/// </summary>
public sealed class AuditTrailSessionTests(OidcPortalFixture fixture) : IClassFixture<OidcPortalFixture>
{
    private IKubernetes Admin => fixture.Server.Services.GetRequiredService<IKubernetes>();

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");


    [Fact]
    public async Task The_audit_trail_shows_each_action_of_a_scripted_session()
    {
        using var script = await fixture.ScriptClientAsync("script-admin");
        var approveCsr = await ServingCsrs.CreatePendingAsync(Admin, "audit-approve");
        var denyCsr = await ServingCsrs.CreatePendingAsync(Admin, "audit-deny");

        using var created = await script.PostAsync(new Uri("/api/v1/bootstrap-tokens", UriKind.Relative), Json(new { ttl = "2h", description = "audit session" }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var tokenId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        using (var extended = await script.PostAsync(new Uri($"/api/v1/bootstrap-tokens/{tokenId}/extend", UriKind.Relative), Json(new { extendBy = "1h" })))
        {
            Assert.Equal(HttpStatusCode.OK, extended.StatusCode);
        }

        using (var kubeconfig = await script.PostAsync(new Uri("/api/v1/nodes/audit-worker/bootstrap-kubeconfig", UriKind.Relative), Json(new { ttl = "1h" })))
        {
            Assert.Equal(HttpStatusCode.OK, kubeconfig.StatusCode);
        }

        await WaitUntilCachedAsync(approveCsr);
        await WaitUntilCachedAsync(denyCsr);
        using (var approved = await script.PostAsync(new Uri($"/api/v1/csrs/{approveCsr}/approve", UriKind.Relative), Json(new { reason = "checked the address", @override = true })))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }

        using (var denied = await script.PostAsync(new Uri($"/api/v1/csrs/{denyCsr}/deny", UriKind.Relative), Json(new { reason = "unknown machine" })))
        {
            Assert.Equal(HttpStatusCode.OK, denied.StatusCode);
        }

        using (var deleted = await script.DeleteJsonAsync(new Uri($"/api/v1/bootstrap-tokens/{tokenId}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var audit = await script.GetAsync(new Uri("/api/v1/audit?actor=script-admin&since=1h&limit=50", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
        var items = JsonDocument.Parse(await audit.Content.ReadAsStringAsync()).RootElement.GetProperty("items").EnumerateArray()
            .Select(i => (Action: i.GetProperty("action").GetString(), Target: i.GetProperty("targetName").GetString(), Outcome: i.GetProperty("outcome").GetString(),
                Reason: i.TryGetProperty("reason", out var r) ? r.GetString() : null, Kind: i.GetProperty("actorKind").GetString()))
            .ToArray();
        var secret = "bootstrap-token-" + tokenId;
        var session = items.Where(i => i.Target == secret || i.Target == approveCsr || i.Target == denyCsr || i.Target == "audit-worker").Reverse().ToArray();
        Assert.Equal(
            [("token.create", secret), ("token.extend", secret), ("kubeconfig.issue", "audit-worker"),
             ("csr.approve", approveCsr), ("csr.deny", denyCsr), ("token.delete", secret)],
            session.Select(i => (i.Action, i.Target)).ToArray());
        Assert.All(session, i => Assert.Equal(("Succeeded", "Script"), (i.Outcome, i.Kind)));
        Assert.Contains(session, i => i.Action == "csr.approve" && i.Reason == "checked the address");
        Assert.Contains(session, i => i.Action == "csr.deny" && i.Reason == "unknown machine");

        // Kubernetes Events on the objects (cluster-scoped CSRs: in default; token Secrets: in kube-system).
        await WaitForEventAsync("default", approveCsr, "CsrApprove", "checked the address");
        await WaitForEventAsync("default", denyCsr, "CsrDeny", "unknown machine");
        await WaitForEventAsync("kube-system", secret, "TokenCreate", "script-admin");

        using var filtered = await script.GetAsync(new Uri("/api/v1/audit?action=csr.deny&actor=script-admin", UriKind.Relative));
        var deny = JsonDocument.Parse(await filtered.Content.ReadAsStringAsync()).RootElement.GetProperty("items");
        Assert.All(deny.EnumerateArray(), i => Assert.Equal("csr.deny", i.GetProperty("action").GetString()));
        Assert.Contains(deny.EnumerateArray(), i => i.GetProperty("targetName").GetString() == denyCsr);
    }

    [Theory]
    [InlineData("since=yesterday", "since")]
    [InlineData("since=%D9%A3h", "since")]
    [InlineData("since=9223372036854775807s", "since")]
    [InlineData("since=10675199d", "since")]
    [InlineData("outcome=Approved,Issued", "outcome")]
    [InlineData("limit=100000", "limit")]
    [InlineData("skip=-1", "skip")]
    public async Task Bad_filters_answer_400_naming_the_field(string query, string field)
    {
        using var script = await fixture.ScriptClientAsync("script-admin");
        using var response = await script.GetAsync(new Uri("/api/v1/audit?" + query, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), field);
    }

    private async Task WaitUntilCachedAsync(string csr)
    {
        var catalog = fixture.Server.Services.GetRequiredService<BootstrapPortal.Core.Csrs.CsrCatalog>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (catalog.Get(csr) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{csr} reached the cache");
            await Task.Delay(100);
        }
    }

    private async Task WaitForEventAsync(string ns, string objectName, string reason, string inMessage)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var events = await Admin.CoreV1.ListNamespacedEventAsync(ns);
            var match = events.Items.FirstOrDefault(e => e.InvolvedObject?.Name == objectName && e.Reason == reason);
            if (match is not null)
            {
                Assert.Contains(inMessage, match.Message, StringComparison.Ordinal);
                Assert.Equal("bootstrapportal", match.Source?.Component);
                Assert.False(string.IsNullOrEmpty(match.InvolvedObject.Uid));
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"an Event {reason} on {ns}/{objectName}");
            await Task.Delay(200);
        }
    }
}

using System.Net;
using System.Text;
using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Tokens;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace BootstrapPortal.Core.Tests.Tokens;

/// <summary>The token service against the sandbox: create, list (from the cache), extend, delete.</summary>
public sealed class BootstrapTokenServiceTests(TokenSandboxFixture fixture) : IClassFixture<TokenSandboxFixture>
{
    private static readonly PortalActor Actor = new("tester@example", PortalActorKind.Person, [], [PortalRole.Admin]);

    private static string Data(V1Secret secret, string key) => Encoding.UTF8.GetString(secret.Data[key]);

    [Fact]
    public async Task Create_writes_a_kubeadm_shaped_secret_lists_it_and_delete_removes_it()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var before = DateTimeOffset.UtcNow;
        var created = await fixture.Tokens.CreateAsync(
            new CreateTokenRequest(Ttl: TimeSpan.FromHours(3), Description: "for worker-7", NodeName: "worker-7"), Actor, cts.Token);

        Assert.True(BootstrapTokenFormat.TryParse(created.Token, out var id, out var secretPart));
        Assert.Equal(created.Id, id);
        Assert.NotNull(created.Expiration);
        Assert.InRange(created.Expiration!.Value, before.AddHours(3).AddSeconds(-2), DateTimeOffset.UtcNow.AddHours(3));

        var secret = await fixture.Client.CoreV1.ReadNamespacedSecretAsync("bootstrap-token-" + id, "kube-system", cancellationToken: cts.Token);
        Assert.Equal("bootstrap.kubernetes.io/token", secret.Type);
        Assert.Equal(id, Data(secret, "token-id"));
        Assert.Equal(secretPart, Data(secret, "token-secret"));
        Assert.Equal("for worker-7", Data(secret, "description"));
        Assert.Equal("true", Data(secret, "usage-bootstrap-authentication"));
        Assert.Equal("true", Data(secret, "usage-bootstrap-signing"));
        Assert.Equal(TokenOptions.KubeadmNodeGroup, Data(secret, "auth-extra-groups"));
        Assert.Matches(@"\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\z", Data(secret, "expiration"));
        Assert.Equal("worker-7", secret.Metadata.Annotations[PortalTokenMetadata.NodeNameAnnotation]);
        Assert.Equal(Actor.Name, secret.Metadata.Annotations[PortalTokenMetadata.CreatedByAnnotation]);

        // The API server accepts the token.
        var auth = Core.Tokens.BootstrapTokenAuthenticator.Authenticate(created.Token, secret, DateTimeOffset.UtcNow);
        Assert.True(auth.Authenticated, auth.Reason);

        await TokenSandboxFixture.Eventually(() => fixture.Tokens.List().Any(t => t.Id == id), "the token is listed");
        var row = fixture.Tokens.List().Single(t => t.Id == id);
        Assert.Equal(TokenStatus.Valid, row.Status);
        Assert.Equal("worker-7", row.NodeName);
        Assert.Equal(["authentication", "signing"], row.Usages);
        Assert.Null(row.InvalidReason);

        await fixture.Tokens.DeleteAsync(id, Actor, cts.Token);
        await TokenSandboxFixture.Eventually(() => fixture.Tokens.List().All(t => t.Id != id), "the token is gone from the list");
        var ex = await Assert.ThrowsAsync<HttpOperationException>(() =>
            fixture.Client.CoreV1.ReadNamespacedSecretAsync("bootstrap-token-" + id, "kube-system", cancellationToken: cts.Token));
        Assert.Equal(HttpStatusCode.NotFound, ex.Response.StatusCode);
    }

    [Fact]
    public async Task Delete_of_an_unknown_id_throws_not_found()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAsync<BootstrapTokenNotFoundException>(() => fixture.Tokens.DeleteAsync("zzzzzz", Actor, cts.Token));
        await Assert.ThrowsAsync<BootstrapTokenNotFoundException>(() => fixture.Tokens.DeleteAsync("../etc", Actor, cts.Token));
    }

    [Fact]
    public async Task Invalid_requests_create_nothing()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var before = (await fixture.Client.CoreV1.ListNamespacedSecretAsync("kube-system", cancellationToken: cts.Token)).Items.Count;
        var bad = new (CreateTokenRequest Request, string Field)[]
        {
            (new CreateTokenRequest(Groups: ["system:masters"]), "groups"),
            (new CreateTokenRequest(Usages: ["everything"]), "usages"),
            (new CreateTokenRequest(NodeName: "Worker_1"), "nodeName"),
            (new CreateTokenRequest(Ttl: TimeSpan.FromDays(365)), "ttl"),
            (new CreateTokenRequest(NeverExpires: true), "ttl"),
            (new CreateTokenRequest(OneTime: true), "oneTime"),
        };
        foreach (var (request, field) in bad)
        {
            var ex = await Assert.ThrowsAsync<TokenValidationException>(() => fixture.Tokens.CreateAsync(request, Actor, cts.Token));
            Assert.Equal(field, ex.Field);
        }

        var after = (await fixture.Client.CoreV1.ListNamespacedSecretAsync("kube-system", cancellationToken: cts.Token)).Items.Count;
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Roles_are_enforced_in_the_service_whoever_calls_it()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var viewer = new PortalActor("viewer@example", PortalActorKind.Person, [], [PortalRole.Viewer]);
        var provisioner = new PortalActor("script@example", PortalActorKind.Script, [], [PortalRole.Provisioner]);
        var before = (await fixture.Client.CoreV1.ListNamespacedSecretAsync("kube-system", cancellationToken: cts.Token)).Items.Count;

        var refused = await Assert.ThrowsAsync<PortalAccessDeniedException>(() =>
            fixture.Tokens.CreateAsync(new CreateTokenRequest(NodeName: "viewer-node"), viewer, cts.Token));
        Assert.Equal(PortalRole.Admin, refused.RequiredRole);
        Assert.Equal(before, (await fixture.Client.CoreV1.ListNamespacedSecretAsync("kube-system", cancellationToken: cts.Token)).Items.Count);

        var created = await fixture.Tokens.CreateAsync(new CreateTokenRequest(NodeName: "script-node"), provisioner, cts.Token);
        await Assert.ThrowsAsync<PortalAccessDeniedException>(() => fixture.Tokens.ExtendAsync(created.Id, TimeSpan.FromHours(1), provisioner, cts.Token));
        await Assert.ThrowsAsync<PortalAccessDeniedException>(() => fixture.Tokens.DeleteAsync(created.Id, provisioner, cts.Token));
        await fixture.Tokens.DeleteAsync(created.Id, Actor, cts.Token);
    }

    [Fact]
    public async Task Extend_moves_the_expiration_and_respects_the_maximum()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var created = await fixture.Tokens.CreateAsync(new CreateTokenRequest(Ttl: TimeSpan.FromHours(1)), Actor, cts.Token);
        var extended = await fixture.Tokens.ExtendAsync(created.Id, TimeSpan.FromHours(2), Actor, cts.Token);
        Assert.Equal(created.Expiration!.Value.AddHours(2), extended.Expiration);
        Assert.Equal(TokenStatus.Valid, extended.Status);

        var secret = await fixture.Client.CoreV1.ReadNamespacedSecretAsync("bootstrap-token-" + created.Id, "kube-system", cancellationToken: cts.Token);
        Assert.Equal(BootstrapTokenInventory.FormatExpiration(created.Expiration.Value.AddHours(2)), Data(secret, "expiration"));
        Assert.Equal(Actor.Name, secret.Metadata.Annotations[PortalTokenMetadata.ExtendedByAnnotation]);

        var tooFar = await Assert.ThrowsAsync<TokenValidationException>(() =>
            fixture.Tokens.ExtendAsync(created.Id, TimeSpan.FromDays(31), Actor, cts.Token));
        Assert.Equal("extendBy", tooFar.Field);

        // The largest TimeSpan the API's parser could ever yield is refused before any date arithmetic could overflow.
        var huge = await Assert.ThrowsAsync<TokenValidationException>(() =>
            fixture.Tokens.ExtendAsync(created.Id, TimeSpan.MaxValue, Actor, cts.Token));
        Assert.Equal("extendBy", huge.Field);
        await Assert.ThrowsAsync<BootstrapTokenNotFoundException>(() => fixture.Tokens.ExtendAsync("zzzzzy", TimeSpan.FromHours(1), Actor, cts.Token));
        await fixture.Tokens.DeleteAsync(created.Id, Actor, cts.Token);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BootstrapPortal.Web.Api;
using BootstrapPortal.Web.Tests.Hosting;
using k8s;
using k8s.KubeConfigModels;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Web.Tests.Api;

/// <summary>The /api/v1 endpoints on a real Kestrel host over the sandbox: status codes and body shapes.</summary>
public sealed class BootstrapTokenApiTests(SandboxPortalFixture fixture) : IClassFixture<SandboxPortalFixture>
{
    private static readonly Uri Tokens = new("/api/v1/bootstrap-tokens", UriKind.Relative);

    private static Uri Relative(string path) => new(path, UriKind.Relative);

    private async Task<HttpClient> ReadyClient()
    {
        await fixture.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        return fixture.Client;
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static async Task<JsonElement?> FindListed(HttpClient client, string id)
    {
        for (var i = 0; i < 100; i++)
        {
            using var list = await client.GetAsync(Tokens);
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            var rows = await Json(list);
            foreach (var row in rows.EnumerateArray())
            {
                if (row.GetProperty("id").GetString() == id)
                {
                    return row.Clone();
                }
            }

            await Task.Delay(100);
        }

        return null;
    }

    [Fact]
    public async Task Post_creates_201_with_the_secret_once_get_lists_it_without_the_secret_delete_204_then_404()
    {
        var client = await ReadyClient();
        var before = await CountTokenSecrets();
        using var created = await client.PostAsJsonAsync(Tokens, new
        {
            ttl = "3h",
            description = "api test",
            groups = new[] { "system:bootstrappers:kubeadm:default-node-token" },
            usages = new[] { "authentication", "signing" },
            nodeName = "api-node-1",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await Json(created);
        var id = body.GetProperty("id").GetString()!;
        var token = body.GetProperty("token").GetString()!;
        Assert.Matches(@"\A[a-z0-9]{6}\z", id);
        Assert.Matches(@"\A" + id + @"\.[a-z0-9]{16}\z", token);
        Assert.True(body.GetProperty("expiration").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(179));
        Assert.Equal("/api/v1/bootstrap-tokens/" + id, created.Headers.Location?.OriginalString);
        Assert.Equal(before + 1, await CountTokenSecrets());

        var row = await FindListed(client, id);
        Assert.NotNull(row);
        var r = row.Value;
        Assert.Equal("api test", r.GetProperty("description").GetString());
        Assert.Equal("valid", r.GetProperty("status").GetString());
        Assert.Equal("api-node-1", r.GetProperty("nodeName").GetString());
        Assert.Equal(["authentication", "signing"], r.GetProperty("usages").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["system:bootstrappers:kubeadm:default-node-token"], r.GetProperty("groups").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Array, r.GetProperty("usedBy").ValueKind);
        Assert.Equal(JsonValueKind.Undefined, r.TryGetProperty("token", out _) ? JsonValueKind.String : JsonValueKind.Undefined);

        // The list never carries the secret part.
        using (var list = await client.GetAsync(Tokens))
        {
            Assert.DoesNotContain(token.Split('.')[1], await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var one = await client.GetAsync(Relative("/api/v1/bootstrap-tokens/" + id)))
        {
            Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        }

        using (var extend = await client.PostAsJsonAsync(Relative($"/api/v1/bootstrap-tokens/{id}/extend"), new { extendBy = "1h" }))
        {
            Assert.Equal(HttpStatusCode.OK, extend.StatusCode);
            var extended = await Json(extend);
            Assert.Equal(body.GetProperty("expiration").GetDateTimeOffset().AddHours(1), extended.GetProperty("expiration").GetDateTimeOffset());
        }

        using (var deleted = await client.DeleteJsonAsync(Relative("/api/v1/bootstrap-tokens/" + id)))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var again = await client.DeleteJsonAsync(Relative("/api/v1/bootstrap-tokens/" + id));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, (await Json(again)).GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("""{"ttl":"abc"}""", "ttl")]
    [InlineData("""{"ttl":"9999h"}""", "ttl")]
    [InlineData("""{"ttl":"never"}""", "ttl")]
    [InlineData("""{"groups":["system:masters"]}""", "groups")]
    [InlineData("""{"groups":["system:bootstrappers:ok", "system:nodes"]}""", "groups")]
    [InlineData("""{"usages":["authentication","root"]}""", "usages")]
    [InlineData("""{"nodeName":"Not_A_Node"}""", "nodeName")]
    public async Task Bad_input_is_a_400_problem_naming_the_field_and_creates_nothing(string json, string field)
    {
        var client = await ReadyClient();
        var before = await CountTokenSecrets();
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(Tokens, content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Json(response);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"errors has no {field}: {problem}");
        Assert.NotEmpty(messages.EnumerateArray());
        Assert.Equal(before, await CountTokenSecrets());
    }

    [Theory]
    [InlineData("/api/v1/nodes/Bad_Node/bootstrap-kubeconfig", """{}""", "nodeName")]
    [InlineData("/api/v1/nodes/good-node/bootstrap-kubeconfig", """{"ttl":"abc"}""", "ttl")]
    [InlineData("/api/v1/nodes/good-node/bootstrap-kubeconfig", """{"server":"http://plain:80"}""", "serverOverride")]
    public async Task Bad_kubeconfig_input_is_a_400_problem_naming_the_field_and_creates_nothing(string path, string json, string field)
    {
        var client = await ReadyClient();
        var before = await CountTokenSecrets();
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(Relative(path), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Json(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors has no {field}: {problem}");
        Assert.Equal(before, await CountTokenSecrets());
    }

    [Fact]
    public async Task Unknown_ids_are_404()
    {
        var client = await ReadyClient();
        using var get = await client.GetAsync(Relative("/api/v1/bootstrap-tokens/qqqqqq"));
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        using var extend = await client.PostAsJsonAsync(Relative("/api/v1/bootstrap-tokens/qqqqqq/extend"), new { extendBy = "1h" });
        Assert.Equal(HttpStatusCode.NotFound, extend.StatusCode);
        using var delete = await client.DeleteJsonAsync(Relative("/api/v1/bootstrap-tokens/qqqqqq"));
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
    }

    [Fact]
    public async Task Node_kubeconfig_is_200_yaml_with_a_fresh_token_and_an_empty_json_body_is_accepted()
    {
        var client = await ReadyClient();
        using var empty = ApiRequests.EmptyJson();
        using var response = await client.PostAsync(Relative("/api/v1/nodes/yaml-node-1/bootstrap-kubeconfig"), empty);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/yaml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("bootstrap-kubelet.conf", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        var id = response.Headers.GetValues(PortalApiEndpoints.TokenIdHeader).Single();
        var yaml = await response.Content.ReadAsStringAsync();
        var config = KubernetesYaml.Deserialize<K8SConfiguration>(yaml);
        var user = Assert.Single(config.Users);
        Assert.StartsWith(id + ".", user.UserCredentials.Token, StringComparison.Ordinal);
        Assert.NotNull(config.CurrentContext);

        var row = await FindListed(client, id);
        Assert.NotNull(row);
        Assert.Equal("yaml-node-1", row.Value.GetProperty("nodeName").GetString());
        Assert.True(row.Value.GetProperty("oneTime").GetBoolean());
        using var deleted = await client.DeleteJsonAsync(Relative("/api/v1/bootstrap-tokens/" + id));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Fact]
    public async Task The_api_is_published_as_an_openapi_document()
    {
        var client = await ReadyClient();
        using var response = await client.GetAsync(Relative("/openapi/v1.json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await Json(response);
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/bootstrap-tokens", out var tokens));
        Assert.True(tokens.TryGetProperty("get", out _));
        Assert.True(tokens.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/api/v1/bootstrap-tokens/{id}", out var one));
        Assert.True(one.TryGetProperty("delete", out _));
        Assert.True(paths.TryGetProperty("/api/v1/nodes/{nodeName}/bootstrap-kubeconfig", out _));
    }

    private async Task<int> CountTokenSecrets()
    {
        var client = new Kubernetes(fixture.Server.Services.GetRequiredService<BootstrapPortal.Web.Hosting.SandboxClusterHost>().Cluster.CreateAdminConfiguration());
        using (client)
        {
            // Only the portal's own tokens: the sandbox's simulated kubelets mint theirs while the tests run.
            var list = await client.CoreV1.ListNamespacedSecretAsync("kube-system", fieldSelector: "type=bootstrap.kubernetes.io/token",
                labelSelector: "app.kubernetes.io/managed-by=bootstrap-portal");
            return list.Items.Count;
        }
    }
}

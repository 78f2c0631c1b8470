using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using BootstrapPortal.Core.Paging;
using BootstrapPortal.Web.Tests.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Web.Tests.Api;

/// <summary>
/// Paging of the list endpoints on a real Kestrel host over the sandbox: a walk with <c>limit</c> and <c>continue</c> sees
/// every row exactly once while rows are being added, the unpaged form stays a bare array, and every bad parameter is a 400
/// naming it without repeating it.
/// </summary>
public sealed class ApiPagingTests(SandboxPortalFixture fixture) : IClassFixture<SandboxPortalFixture>
{
    private static Uri Relative(string path) => new(path, UriKind.Relative);

    private async Task<HttpClient> ReadyClient()
    {
        await fixture.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        return fixture.Client;
    }

    private async Task<string> CreateCsrAsync(string signer, string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("O=test, CN=" + commonName), key, HashAlgorithmName.SHA256);
        var kubernetes = fixture.Server.Services.GetRequiredService<IKubernetes>();
        var created = await kubernetes.CertificatesV1.CreateCertificateSigningRequestAsync(new V1CertificateSigningRequest
        {
            Metadata = new V1ObjectMeta { GenerateName = "csr-paging-" },
            Spec = new V1CertificateSigningRequestSpec
            {
                Request = Encoding.ASCII.GetBytes(request.CreateSigningRequestPem()),
                SignerName = signer,
                Usages = ["digital signature", "client auth"],
            },
        });
        return created.Metadata.Name;
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(Relative(path));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Theory]
    [InlineData("")]
    [InlineData("&sort=name&order=asc")]
    [InlineData("&sort=requestor&order=desc")]
    public async Task A_walk_with_limit_and_continue_sees_every_csr_exactly_once_while_csrs_are_added(string order)
    {
        var client = await ReadyClient();
        var signer = $"example.com/paging-{Guid.NewGuid():N}";
        var originals = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 25; i++)
        {
            originals.Add(await CreateCsrAsync(signer, $"paging-{i}"));
        }

        await WaitForCountAsync(client, signer, originals.Count);

        // Keep adding while the walk goes on.
        using var stop = new CancellationTokenSource();
        var added = 0;
        var adding = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await CreateCsrAsync(signer, $"late-{added}");
                Interlocked.Increment(ref added);
            }
        });

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var path = $"/api/v1/csrs?signer={Uri.EscapeDataString(signer)}&limit=4" + (token is null ? order : "&continue=" + Uri.EscapeDataString(token));
            var page = await GetJsonAsync(client, path);
            Assert.True(page.GetProperty("total").GetInt32() >= originals.Count);
            var items = page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("name").GetString()!).ToArray();
            Assert.InRange(items.Length, 1, 4);
            seen.AddRange(items);
            token = page.GetProperty("continue").ValueKind == JsonValueKind.Null ? null : page.GetProperty("continue").GetString();
            pages++;
            Assert.True(pages < 200, "the walk does not end");
        }
        while (token is not null);

        await stop.CancelAsync();
        await adding;
        Assert.True(added > 0, "no CSR was added during the walk");
        Assert.Equal(seen.Count, seen.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(originals.Except(seen, StringComparer.Ordinal));
        Assert.True(pages >= 7, $"{pages} pages for {originals.Count} rows at 4 a page");
    }

    [Fact]
    public async Task Without_limit_the_list_is_a_bare_array_with_its_count_in_a_header()
    {
        var client = await ReadyClient();
        var signer = $"example.com/unpaged-{Guid.NewGuid():N}";
        for (var i = 0; i < 3; i++)
        {
            await CreateCsrAsync(signer, $"unpaged-{i}");
        }

        await WaitForCountAsync(client, signer, 3);
        using var response = await client.GetAsync(Relative("/api/v1/csrs?signer=" + Uri.EscapeDataString(signer)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(JsonValueKind.Array, rows.ValueKind);
        Assert.Equal(3, rows.GetArrayLength());
        Assert.Equal("3", Assert.Single(response.Headers.GetValues("X-Total-Count")));

        foreach (var path in new[] { "/api/v1/bootstrap-tokens", "/api/v1/nodes" })
        {
            var bare = await GetJsonAsync(client, path);
            Assert.Equal(JsonValueKind.Array, bare.ValueKind);
            var paged = await GetJsonAsync(client, path + "?limit=1000");
            Assert.Equal(bare.GetArrayLength(), paged.GetProperty("total").GetInt32());
            Assert.Equal(bare.GetArrayLength(), paged.GetProperty("items").GetArrayLength());
        }
    }

    [Fact]
    public async Task Tokens_and_nodes_page_in_their_sort_order()
    {
        var client = await ReadyClient();
        foreach (var (path, sort) in new[] { ("/api/v1/bootstrap-tokens", "name"), ("/api/v1/nodes", "name") })
        {
            var all = (await GetJsonAsync(client, $"{path}?sort={sort}&limit=1000")).GetProperty("items").EnumerateArray().Select(Name).ToArray();
            var walked = new List<string>();
            string? token = null;
            do
            {
                var page = await GetJsonAsync(client, $"{path}?limit=1" + (token is null ? $"&sort={sort}" : "&continue=" + Uri.EscapeDataString(token)));
                walked.AddRange(page.GetProperty("items").EnumerateArray().Select(Name));
                token = page.GetProperty("continue").ValueKind == JsonValueKind.Null ? null : page.GetProperty("continue").GetString();
            }
            while (token is not null);

            Assert.NotEmpty(all);
            Assert.Equal(all, walked);
            Assert.Equal(all.Order(StringComparer.Ordinal), all);
        }

        static string Name(JsonElement row) => row.TryGetProperty("secretName", out var secret) ? secret.GetString()! : row.GetProperty("name").GetString()!;
    }

    [Theory]
    [InlineData("/api/v1/csrs", "limit", "0")]
    [InlineData("/api/v1/csrs", "limit", "1001")]
    [InlineData("/api/v1/csrs", "limit", "-1")]
    [InlineData("/api/v1/csrs", "limit", "ten")]
    [InlineData("/api/v1/csrs", "limit", "%D9%A3")]
    [InlineData("/api/v1/csrs", "limit", "99999999999999999999")]
    [InlineData("/api/v1/csrs", "continue", "garbage%3Cb%3E")]
    [InlineData("/api/v1/csrs", "continue", "eyJhIjoxfQ")]
    [InlineData("/api/v1/csrs", "sort", "evil%3Cb%3E")]
    [InlineData("/api/v1/csrs", "order", "sideways")]
    [InlineData("/api/v1/csrs", "verdict", "Maybe%3Cb%3E")]
    [InlineData("/api/v1/bootstrap-tokens", "limit", "0")]
    [InlineData("/api/v1/bootstrap-tokens", "continue", "%E2%80%AEevil")]
    [InlineData("/api/v1/bootstrap-tokens", "state", "Terminated%3Cb%3E")]
    [InlineData("/api/v1/bootstrap-tokens", "sort", "secret")]
    [InlineData("/api/v1/nodes", "limit", "1e3")]
    [InlineData("/api/v1/nodes", "continue", "AAAA")]
    [InlineData("/api/v1/nodes", "sort", "age")]
    [InlineData("/api/v1/certificates", "limit", "0")]
    [InlineData("/api/v1/certificates", "limit", "1001")]
    [InlineData("/api/v1/certificates", "sort", "serial%3Cb%3E")]
    [InlineData("/api/v1/certificates", "order", "sideways")]
    [InlineData("/api/v1/certificates", "continue", "AAAA")]
    public async Task A_bad_paging_parameter_is_a_400_naming_it_without_echoing_it(string path, string field, string value)
    {
        var client = await ReadyClient();
        using var response = await client.GetAsync(Relative($"{path}?{field}={value}"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(field, out _), body);
        var input = Uri.UnescapeDataString(value);
        if (input.Length >= 4)
        {
            // Shorter inputs ("0", "ten") may occur in the message by chance; longer ones must not be repeated.
            Assert.DoesNotContain(input, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_certificate_continue_token_that_names_no_position_is_refused()
    {
        var client = await ReadyClient();
        foreach (var token in new[]
        {
            new ListCursor("NotAfter", SortDirection.Ascending, SortValue.None, "1").Encode(),
            new ListCursor("NotAfter", SortDirection.Ascending, SortValue.Of(DateTimeOffset.UtcNow), "not-a-row").Encode(),
            new ListCursor("Health", SortDirection.Ascending, SortValue.Of(1), "node-1").Encode(),
        })
        {
            using var response = await client.GetAsync(Relative("/api/v1/certificates?continue=" + token));
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty("continue", out _), body);
        }
    }

    [Fact]
    public async Task A_continue_token_of_another_sort_or_list_is_refused()
    {
        var client = await ReadyClient();
        var token = new ListCursor("Name", SortDirection.Ascending, SortValue.None, "x").Encode();
        foreach (var path in new[] { $"/api/v1/csrs?continue={token}&sort=created", $"/api/v1/csrs?continue={token}&order=desc" })
        {
            using var response = await client.GetAsync(Relative(path));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("continue", out _));
        }

        // A token for a key only the Nodes list has.
        var nodeToken = new ListCursor("KubeletVersion", SortDirection.Ascending, SortValue.None, "x").Encode();
        using var tokens = await client.GetAsync(Relative("/api/v1/bootstrap-tokens?continue=" + nodeToken));
        Assert.Equal(HttpStatusCode.BadRequest, tokens.StatusCode);

        // The same token with a matching sort is a valid position (past the end here).
        var page = await GetJsonAsync(client, $"/api/v1/csrs?continue={token}&sort=name&limit=5");
        Assert.Equal(JsonValueKind.Array, page.GetProperty("items").ValueKind);
    }

    private static async Task WaitForCountAsync(HttpClient client, string signer, int count)
    {
        for (var i = 0; i < 600; i++)
        {
            var page = await GetJsonAsync(client, $"/api/v1/csrs?signer={Uri.EscapeDataString(signer)}&limit=1");
            if (page.GetProperty("total").GetInt32() >= count)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the portal never listed {count} CSRs of {signer}");
    }
}

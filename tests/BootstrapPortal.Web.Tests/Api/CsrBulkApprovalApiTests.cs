using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using BootstrapPortal.Tests.Shared;
using BootstrapPortal.Web.Hosting;
using BootstrapPortal.Web.Tests.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Web.Tests.Api;

/// <summary>
/// <c>POST /api/v1/csrs/approve</c> on real Kestrel over the sandbox, read back with the official client: what passes is
/// approved, a failing verdict and a claimed system identity are skipped with their reasons, a Warn only when confirmed;
/// bad bodies are 400s naming the field without repeating the input.
/// </summary>
public sealed class CsrBulkApprovalApiTests(SandboxPortalFixture fixture) : IClassFixture<SandboxPortalFixture>
{
    private static readonly Uri BulkApprove = new("/api/v1/csrs/approve", UriKind.Relative);

    private Kubernetes Admin() => new(fixture.Server.Services.GetRequiredService<SandboxClusterHost>().Cluster.CreateAdminConfiguration());

    private Kubernetes NodeClient(string node) =>
        new(fixture.Server.Services.GetRequiredService<SandboxClusterHost>().Cluster.CreateClientConfiguration("system:node:" + node, "system:nodes"));

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private async Task<(string Name, string Ip)> NodeAsync()
    {
        await fixture.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
        using var admin = Admin();
        for (var i = 0; i < 600; i++)
        {
            var node = (await admin.CoreV1.ListNodeAsync()).Items.OrderBy(n => n.Metadata.Name, StringComparer.Ordinal)
                .FirstOrDefault(n => n.Status?.Addresses?.Any(a => a.Type == "InternalIP") == true);
            if (node is not null)
            {
                return (node.Metadata.Name, node.Status.Addresses.First(a => a.Type == "InternalIP").Address);
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("no sandbox node with an InternalIP");
    }

    /// <summary>A kubelet-serving CSR sent by the node itself (its own IP passes the verdict; another IP fails it).</summary>
    private async Task<string> ServingCsrAsync(string node, params string[] ips)
    {
        using var client = NodeClient(node);
        return await ServingCsrs.CreatePendingAsync(client, node, ips);
    }

    private async Task<string> ClientCsrAsync(string subject, string signer)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = new CertificateRequest(new X500DistinguishedName(subject), key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
        using var admin = Admin();
        var created = await admin.CertificatesV1.CreateCertificateSigningRequestAsync(new V1CertificateSigningRequest
        {
            Metadata = new V1ObjectMeta { GenerateName = "csr-bulk-" },
            Spec = new V1CertificateSigningRequestSpec { Request = Encoding.ASCII.GetBytes(pem), SignerName = signer, Usages = ["digital signature", "client auth"] },
        });
        return created.Metadata.Name;
    }

    /// <summary>Waits until the portal's cache lists every one of <paramref name="names"/> (the bulk call judges from it).</summary>
    private async Task CachedAsync(params string[] names)
    {
        foreach (var name in names)
        {
            for (var i = 0; ; i++)
            {
                using var response = await fixture.Client.GetAsync(new Uri("/api/v1/csrs/" + name, UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    break;
                }

                Assert.True(i < 600, "the portal's cache never listed " + name);
                await Task.Delay(100);
            }
        }
    }

    private async Task<string[]> ConditionsAsync(string name)
    {
        using var admin = Admin();
        return [.. ((await admin.CertificatesV1.ReadCertificateSigningRequestAsync(name)).Status?.Conditions ?? []).Select(c => c.Type)];
    }

    [Fact]
    public async Task Approves_what_passes_and_skips_a_failing_verdict_a_system_identity_and_an_unconfirmed_warning_with_their_reasons()
    {
        var (node, ip) = await NodeAsync();
        var good = new[] { await ServingCsrAsync(node, ip), await ServingCsrAsync(node, ip) };
        var foreignIp = await ServingCsrAsync(node, ip, "198.51.100.7");
        var admin = await ClientCsrAsync("CN=system:admin", "kubernetes.io/kube-apiserver-client");
        var warned = await ClientCsrAsync("O=ci, CN=ci-robot", "example.com/bulk-api");
        var confirmed = await ClientCsrAsync("O=ci, CN=ci-robot", "example.com/bulk-api");
        string[] names = [.. good, foreignIp, admin, warned, confirmed, "no-such-csr"];
        await CachedAsync([.. names.SkipLast(1)]);

        using var response = await fixture.Client.PostAsJsonAsync(BulkApprove,
            new { names, confirmed = new[] { confirmed, admin }, reason = "provisioning batch 7" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json(response);
        var items = body.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(names, items.Select(i => i.GetProperty("name").GetString()));
        string Outcome(int i) => items[i].GetProperty("outcome").GetString()!;
        Assert.Equal(["Approved", "Approved"], new[] { Outcome(0), Outcome(1) });
        Assert.Equal("Skipped", Outcome(2));
        Assert.Equal("Fail", items[2].GetProperty("verdict").GetString());
        Assert.Contains("198.51.100.7", items[2].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("Skipped", Outcome(3));
        Assert.Contains(items[3].GetProperty("checks").EnumerateArray(), c => c.GetProperty("id").GetString() == "common-name" && c.GetProperty("result").GetString() == "Fail");
        Assert.Equal("Skipped", Outcome(4));
        Assert.Contains("not confirmed", items[4].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(("Approved", "Warn"), (Outcome(5), items[5].GetProperty("verdict").GetString()));
        Assert.Equal("NotFound", Outcome(6));
        Assert.Equal((7, 3, 3, 1), (body.GetProperty("total").GetInt32(), body.GetProperty("approved").GetInt32(),
            body.GetProperty("skipped").GetInt32(), body.GetProperty("failed").GetInt32()));

        foreach (var name in good.Append(confirmed))
        {
            using var client = Admin();
            Assert.Contains((await client.CertificatesV1.ReadCertificateSigningRequestAsync(name)).Status.Conditions,
                c => c.Type == "Approved" && c.Message == "provisioning batch 7 (by anonymous@loopback via BootstrapPortal)");
        }

        foreach (var name in new[] { foreignIp, admin, warned })
        {
            Assert.Empty(await ConditionsAsync(name));
        }

        // Sent again, the approved ones are reported as decided already and nothing is written twice.
        using var again = await fixture.Client.PostAsJsonAsync(BulkApprove, new { names = good, reason = "provisioning batch 7" });
        var second = await Json(again);
        Assert.All(second.GetProperty("items").EnumerateArray(), i => Assert.Equal("AlreadyDecided", i.GetProperty("outcome").GetString()));
        Assert.Equal(["Approved"], await ConditionsAsync(good[0]));
    }

    [Fact]
    public async Task All_pending_that_pass_approves_only_passing_requests_and_leaves_failing_ones_pending()
    {
        var (node, ip) = await NodeAsync();
        var good = await ServingCsrAsync(node, ip);
        var bad = await ServingCsrAsync(node, ip, "203.0.113.9");
        var claimsAdmin = await ClientCsrAsync("CN=system:admin", "kubernetes.io/kube-apiserver-client");
        await CachedAsync(good, bad, claimsAdmin);

        using var response = await fixture.Client.PostAsJsonAsync(BulkApprove, new { allPendingThatPass = true, reason = "all that pass" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = (await Json(response)).GetProperty("items").EnumerateArray().ToArray();
        Assert.Contains(items, i => i.GetProperty("name").GetString() == good);
        Assert.DoesNotContain(items, i => i.GetProperty("name").GetString() is { } n && (n == bad || n == claimsAdmin));
        Assert.All(items, i => Assert.Equal("Pass", i.GetProperty("verdict").GetString()));
        Assert.Equal(["Approved"], await ConditionsAsync(good));
        Assert.Empty(await ConditionsAsync(bad));
        Assert.Empty(await ConditionsAsync(claimsAdmin));
    }

    public static TheoryData<string, string> BadBodies()
    {
        const string marker = "EVIL-MARKER";
        var many = string.Join(',', Enumerable.Range(0, 1001).Select(i => $"\"csr-{i}\""));
        return new TheoryData<string, string>
        {
            { """{"names":["csr-a"]}""", "reason" },
            { """{"names":["csr-a"],"reason":"   "}""", "reason" },
            { $$"""{"names":["csr-a"],"reason":"a\nb {{marker}}"}""", "reason" },
            { """{"reason":"x"}""", "names" },
            { """{"names":[],"reason":"x"}""", "names" },
            { $$"""{"names":["<b>{{marker}}</b>"],"reason":"x"}""", "names" },
            { $$"""{"names":["csr-a","{{marker}}.Upper"],"reason":"x"}""", "names" },
            { """{"names":["csr-a",null],"reason":"x"}""", "names" },
            { $$"""{"names":["{{new string('a', 254)}}"],"reason":"x"}""", "names" },
            { $$"""{"names":[{{many}}],"reason":"x"}""", "names" },
            { """{"names":["csr-a"],"allPendingThatPass":true,"reason":"x"}""", "names" },
            { $$"""{"names":"{{marker}}","reason":"x"}""", "names" },
            { $$"""{"names":[7],"reason":"x"}""", "names" },
            { """{"names":["csr-a"],"confirmed":["csr-b"],"reason":"x"}""", "confirmed" },
            { $$"""{"names":["csr-a"],"confirmed":["{{marker}}"],"reason":"x"}""", "confirmed" },
            { """{"allPendingThatPass":true,"confirmed":["csr-a"],"reason":"x"}""", "confirmed" },
            { $$"""{"allPendingThatPass":"{{marker}}","reason":"x"}""", "allPendingThatPass" },
        };
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_body_is_a_400_naming_the_field_without_repeating_the_input(string json, string field)
    {
        await fixture.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await fixture.Client.PostAsync(BulkApprove, content);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {text}");
        Assert.DoesNotContain("EVIL-MARKER", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("csr-b", text, StringComparison.Ordinal);
    }
}

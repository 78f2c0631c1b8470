using System.Net;
using System.Text.Json;

namespace BootstrapPortal.Web.Tests.Hosting;

/// <summary>The portal as a newcomer runs it: embedded sandbox, real Kestrel, real HTTP.</summary>
public class SandboxHostTests(SandboxPortalFixture portal) : IClassFixture<SandboxPortalFixture>
{
    [Fact]
    public async Task Healthz_answers_as_soon_as_the_host_is_up()
    {
        using var response = await portal.Client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Readyz_turns_ready_once_every_cache_has_synced()
    {
        await portal.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        using var response = await portal.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var data = json.RootElement.GetProperty("checks")[0].GetProperty("data");
        foreach (var kind in new[] { "nodes", "certificatesigningrequests", "bootstrap-token secrets", "clusterroles", "clusterrolebindings", "roles", "rolebindings" })
        {
            Assert.StartsWith("Synced", data.GetProperty(kind).GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/", "Overview")]
    [InlineData("/tokens", "Bootstrap tokens")]
    [InlineData("/csrs", "Certificate requests")]
    [InlineData("/nodes", "Nodes &amp; certificates")]
    [InlineData("/rbac", "RBAC audit")]
    [InlineData("/kubeconfigs", "Kubeconfigs")]
    [InlineData("/flow", "Bootstrap flow")]
    public async Task Every_section_page_answers_with_its_heading(string path, string heading)
    {
        using var response = await portal.Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($">{heading}</h1>", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"connection-state\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Static_assets_are_served()
    {
        foreach (var path in new[] { "/_content/MudBlazor/MudBlazor.min.css", "/js/portal.js", "/css/app.css", "/_framework/blazor.web.js" })
        {
            using var response = await portal.Client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}");
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100, $"{path} is empty");
        }
    }

    [Fact]
    public async Task Overview_shows_the_sandbox_nodes_once_they_joined()
    {
        await portal.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        var deadline = DateTime.UtcNow.AddSeconds(45);
        string html;
        int shown;
        do
        {
            html = await portal.Client.GetStringAsync(new Uri("/", UriKind.Relative));
            shown = NodesCard(html);
            if (html.Contains("data-state=\"Connected\"", StringComparison.Ordinal) && shown >= 2)
            {
                break;
            }

            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);

        // Sandbox:Nodes is 2 in the test host: both simulated kubelets bootstrap, get certificates and register.
        Assert.Contains("data-state=\"Connected\"", html, StringComparison.Ordinal);
        Assert.Equal(2, shown);
    }

    private static int NodesCard(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, "data-testid=\"card-nodes\".*?<h4[^>]*>(\\d+)</h4>", System.Text.RegularExpressions.RegexOptions.Singleline);
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
    }

    [Fact]
    public async Task Unknown_paths_are_404()
    {
        using var response = await portal.Client.GetAsync(new Uri("/no-such-page", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public void The_sandbox_writes_an_admin_kubeconfig_into_its_data_folder()
    {
        var files = Directory.GetFiles(portal.Server.DataDirectory, "*.kubeconfig", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        Assert.Contains("certificate-authority-data", File.ReadAllText(files[0]), StringComparison.Ordinal);
    }
}

using BootstrapPortal.Tests.Shared;
using BootstrapPortal.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Web.Tests.Hosting;

/// <summary>The Development console: plain text log lines and, once the portal listens, a banner a newcomer can act on.</summary>
public sealed class StartupBannerTests
{
    [Fact]
    public void The_banner_names_the_address_the_kubeconfig_and_a_ready_kubectl_line()
    {
        var banner = StartupBanner.Build(["http://127.0.0.1:5080"], "sandbox", "/repo/src/BootstrapPortal.Web/.data/sandbox/sandbox-admin.kubeconfig");

        Assert.Contains("BootstrapPortal is ready on sandbox", banner, StringComparison.Ordinal);
        Assert.Contains("Open:     http://127.0.0.1:5080\n", banner, StringComparison.Ordinal);
        Assert.Contains("admin kubeconfig /repo/src/BootstrapPortal.Web/.data/sandbox/sandbox-admin.kubeconfig\n", banner, StringComparison.Ordinal);
        Assert.Contains("kubectl --kubeconfig /repo/src/BootstrapPortal.Web/.data/sandbox/sandbox-admin.kubeconfig get csr\n", banner, StringComparison.Ordinal);
    }

    [Fact]
    public void A_real_cluster_has_no_sandbox_lines()
    {
        var banner = StartupBanner.Build(["http://[::]:8080"], "prod", null);

        Assert.Contains("Open:     http://localhost:8080\n", banner, StringComparison.Ordinal);
        Assert.DoesNotContain("kubectl", banner, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://0.0.0.0:5080", "http://localhost:5080")]
    [InlineData("http://+:80", "http://localhost:80")]
    [InlineData("https://127.0.0.1:5443/", "https://127.0.0.1:5443")]
    public void Wildcard_addresses_become_browsable(string address, string expected) => Assert.Equal(expected, StartupBanner.Browsable(address));

    [Theory]
    [InlineData("/tmp/a/b.kubeconfig", "/tmp/a/b.kubeconfig")]
    [InlineData("/home/me/my files/x", "'/home/me/my files/x'")]
    [InlineData("/tmp/it's", "'/tmp/it'\\''s'")]
    public void Paths_are_one_shell_word(string path, string quoted) => Assert.Equal(quoted, StartupBanner.Quote(path));

    [Fact]
    public async Task A_development_host_prints_plain_log_lines_and_the_banner_once_it_listens()
    {
        var output = new StringWriter();
        var synchronized = TextWriter.Synchronized(output);
        using var server = new PortalServer(services: s => s.AddSingleton(new StartupConsole(synchronized)));
        server.Start();

        var deadline = DateTime.UtcNow.AddSeconds(90);
        string text;
        do
        {
            lock (synchronized)
            {
                text = output.ToString();
            }

            if (text.Contains("get csr", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Contains("BootstrapPortal is ready on sandbox", text, StringComparison.Ordinal);
        Assert.Matches(@"Open:     http://127\.0\.0\.1:\d+\n", text);
        var kubeconfig = Path.Combine(server.DataDirectory, "sandbox-admin.kubeconfig");
        Assert.Contains($"kubectl --kubeconfig {StartupBanner.Quote(kubeconfig)} get csr", text, StringComparison.Ordinal);
        Assert.True(File.Exists(kubeconfig), "the banner names the file the sandbox wrote");

        // Log lines are plain text, not the compact JSON of production.
        Assert.Matches(@"(?m)^\d\d:\d\d:\d\d (INF|WRN) [\w.]+: \S", text);
        Assert.DoesNotContain("{\"@t\"", text, StringComparison.Ordinal);
    }
}

using BootstrapPortal.Core.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BootstrapPortal.Browser.Tests;

/// <summary>
/// An on-call engineer lists the fleet's nodes whose certificates expire within a number of days and exports them: the CSV
/// download has the header and exactly the nodes of the filter, each with an expiry inside the window.
/// </summary>
public sealed partial class ListPageTests
{
    private const string CsvHeader = "name,ready,kubelet_version,client_serial,client_not_after,serving_serial,serving_not_after,rotation_status,rotation_reasons,joined_with_token";

    [Fact]
    public async Task Nodes_expiring_within_a_window_export_as_csv_with_exactly_those_nodes()
    {
        var board = fleet.Server.Services.GetRequiredService<NodeCertificateBoard>();
        var time = fleet.Server.Services.GetRequiredService<TimeProvider>();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (board.Current.Rows.Count(r => r.NextExpiry is not null) < 10)
        {
            Assert.True(DateTime.UtcNow < deadline, "the ledger knows the fleet's certificates");
            await Task.Delay(250);
        }

        // A window that holds some nodes but not all: the whole days to the expiry a third of the way through the fleet.
        var now = time.GetUtcNow();
        var days = board.Current.Rows.Where(r => r.NextExpiry is not null).Select(r => (int)Math.Ceiling((r.NextExpiry!.Value - now).TotalDays)).Order().ToArray();
        var window = Math.Clamp(days[days.Length / 3], 1, 365);

        await using var context = await fleet.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 }, AcceptDownloads = true });
        var page = await fleet.OpenAsync(context, $"/nodes?expiring={window}");
        await Assertions.Expect(page.Locator("[data-testid=node-table], [data-testid=state-filtered-empty]").First).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("[data-testid=export-csv]")).ToBeEnabledAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=export-csv]"), new PageRunAndWaitForDownloadOptions { Timeout = 60_000 });
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        var path = Path.Combine(BrowserFixture.ArtifactsDirectory, $"nodes-expiring-{window}d.csv");
        await download.SaveAsAsync(path);
        var lines = (await File.ReadAllTextAsync(path)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        // The expected nodes, read from the ledger's board as the download was made (expiry at most the window away).
        var cutoff = time.GetUtcNow().AddDays(window);
        var expected = board.Current.Rows.Where(r => r.NextExpiry is { } e && e <= cutoff).Select(r => r.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.InRange(expected.Length, 1, board.Current.Rows.Count - 1);

        Assert.Equal(CsvHeader, lines[0]);
        var exported = lines.Skip(1).Select(l => l.Split(',')[0]).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, exported);
        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split(',');
            var expiries = new[] { fields[4], fields[6] }.Where(f => f.Length > 0).Select(f => DateTimeOffset.Parse(f, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.True(expiries.Length > 0 && expiries.Min() <= cutoff, $"{fields[0]} expires {string.Join(" / ", expiries)}, after {cutoff:u}");
        }
    }
}

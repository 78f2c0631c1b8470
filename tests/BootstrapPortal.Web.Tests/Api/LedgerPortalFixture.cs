using System.Net.Http.Json;
using System.Text.Json;
using BootstrapPortal.Tests.Shared;

namespace BootstrapPortal.Web.Tests.Api;

/// <summary>
/// A portal on a sandbox with the demo node whose renewal is stuck (the last of three). The clock runs 1000 times faster, so
/// certificates live about 9 hours and the stuck node's certificate expires about 26 minutes after start.
/// </summary>
public sealed class StuckNodePortalFixture() : LedgerPortalFixture(new Dictionary<string, string?>
{
    ["Sandbox:Nodes"] = "3",
    ["Sandbox:DemoMisfits"] = "true",
    ["Sandbox:ServingCertificates"] = "false",
    ["Sandbox:ClockSpeed"] = "1000",
    ["Ledger:PendingRenewalThreshold"] = "00:00:10",
})
{
    public const string StuckNode = "sandbox-node-3";
}

/// <summary>
/// A portal on a sandbox whose clock runs fast enough to watch rotation: client certificates live 5 seconds (kubelets renew
/// every 3.5–4.5 s) and csrcleaner removes decided CSRs after 30 s.
/// </summary>
public sealed class FastRotationPortalFixture() : LedgerPortalFixture(new Dictionary<string, string?>
{
    ["Sandbox:Nodes"] = "2",
    ["Sandbox:DemoMisfits"] = "false",
    ["Sandbox:ServingCertificates"] = "false",
    ["Sandbox:ClockSpeed"] = "120",
    ["Sandbox:SigningDuration"] = "00:10:00",
});

/// <summary>One portal on the embedded sandbox over real Kestrel, with JSON helpers and polling.</summary>
public abstract class LedgerPortalFixture(IDictionary<string, string?> settings) : IAsyncLifetime
{
    public PortalServer Server { get; } = new(settings);

    public HttpClient Client { get; private set; } = default!;

    public string AdminKubeconfig => Path.Combine(Server.DataDirectory, "sandbox-admin.kubeconfig");

    public Task InitializeAsync()
    {
        Client = new HttpClient { BaseAddress = Server.Start(), Timeout = TimeSpan.FromSeconds(30) };
        return Task.CompletedTask;
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Polls <paramref name="probe"/> until it returns a value, or fails after <paramref name="timeout"/>.</summary>
    public static Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null)
        where T : class =>
        PollAsync(async () => await probe() is { } value ? (true, value) : (false, default!), what, timeout);

    /// <summary>The same for a value type (e.g. a <see cref="JsonElement"/> found in a response).</summary>
    public static Task<T> EventuallyValueAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null)
        where T : struct =>
        PollAsync(async () => await probe() is { } value ? (true, value) : (false, default), what, timeout);

    private static async Task<T> PollAsync<T>(Func<Task<(bool Found, T Value)>> probe, string what, TimeSpan? timeout)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(120));
        while (true)
        {
            var (found, value) = await probe();
            if (found)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting until " + what);
            }

            await Task.Delay(250);
        }
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        await Server.DisposeAsync();
    }
}

using BootstrapPortal.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Web.Tests.Hosting;

/// <summary>One portal on the embedded sandbox, shared by the tests of a class; subclasses start it with other settings.</summary>
public class SandboxPortalFixture : IAsyncLifetime
{
    public SandboxPortalFixture()
        : this(null)
    {
    }

    protected SandboxPortalFixture(IDictionary<string, string?>? settings, Action<IServiceCollection>? services = null)
    {
        Server = new PortalServer(settings, services);
    }

    public PortalServer Server { get; }

    public Uri BaseAddress { get; private set; } = default!;

    public HttpClient Client { get; private set; } = default!;

    public Task InitializeAsync()
    {
        BaseAddress = Server.Start();
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        return Task.CompletedTask;
    }

    /// <summary>Polls /readyz until it answers 200, or fails after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        HttpStatusCodeHolder last = new();
        while (!cts.IsCancellationRequested)
        {
            using var response = await Client.GetAsync(new Uri("/readyz", UriKind.Relative), CancellationToken.None);
            last.Code = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(200, CancellationToken.None);
        }

        throw new TimeoutException($"/readyz still answered {last.Code} after {timeout}.");
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }

    private sealed class HttpStatusCodeHolder
    {
        public int Code { get; set; }
    }
}

using Microsoft.Playwright;

namespace BootstrapPortal.Browser.Tests;

/// <summary>
/// Input to a Blazor Server page that survives a dropped connection. On a starved machine the browser's WebSocket can miss
/// the keep-alives and close; Blazor reconnects to the same circuit, but what was clicked or typed while the connection was
/// down never reached the server. A person sees Blazor's "Rejoining the server..." overlay and does it again; these helpers
/// do the same, and only then: an action whose effect does not show although the connection never dropped is a failure.
/// </summary>
internal static class CircuitInput
{
    /// <summary>Counts how often Blazor's reconnect overlay was shown on each page of the context (<c>window.__bpReconnects</c>).</summary>
    public const string TrackReconnects = """
        (() => {
          window.__bpReconnects = 0;
          const watch = () => {
            const host = document.getElementById('components-reconnect-modal');
            if (!host || host.__bpWatched) { return; }
            host.__bpWatched = true;
            const seen = () => { if (host.style.display === 'block') { window.__bpReconnects++; } };
            new MutationObserver(seen).observe(host, { attributes: true, attributeFilter: ['style'] });
            seen();
          };
          new MutationObserver(watch).observe(document, { childList: true, subtree: true });
        })();
        """;

    private const string Connected = "() => { const host = document.getElementById('components-reconnect-modal'); return !host || host.style.display === 'none'; }";

    /// <summary>Waits until Blazor shows no reconnect overlay: the circuit takes input again.</summary>
    public static async Task WaitUntilConnectedAsync(IPage page, float timeout = 120_000)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.WaitForFunctionAsync(Connected, null, new PageWaitForFunctionOptions { Timeout = timeout, PollingInterval = 100 });
    }

    /// <summary>
    /// Runs <paramref name="act"/> on a connected circuit and waits for <paramref name="observed"/>; when it does not show
    /// within <paramref name="patience"/> and the connection dropped meanwhile, acts again once it is back (at most three
    /// times). <paramref name="act"/> must be safe to repeat when its effect did not happen (set a text, not toggle a sort).
    /// </summary>
    public static async Task ActAsync(IPage page, Func<Task> act, Func<float, Task> observed, string what, float patience = 60_000)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(act);
        ArgumentNullException.ThrowIfNull(observed);
        for (var attempt = 1; ; attempt++)
        {
            await WaitUntilConnectedAsync(page);
            var before = await ReconnectsAsync(page);
            await act();
            try
            {
                await observed(patience);
                return;
            }
            catch (TimeoutException ex)
            {
                var reconnects = await ReconnectsAsync(page);
                if (attempt >= 3 || reconnects <= before)
                {
                    throw new TimeoutException($"{what}: no effect after {attempt} attempt(s); the connection dropped {reconnects} time(s) on this page; address {page.Url}", ex);
                }

                // The connection dropped after the input: it may never have reached the server. Do it again once back, and
                // leave a line in the artifacts so that a run shows how often that happened.
                await File.AppendAllTextAsync(Path.Combine(BrowserFixture.ArtifactsDirectory, "circuit-retries.log"),
                    $"{DateTimeOffset.UtcNow:O} {what}: attempt {attempt} had no effect after the connection dropped; acting again{Environment.NewLine}");
            }
        }
    }

    private static Task<int> ReconnectsAsync(IPage page) => page.EvaluateAsync<int>("() => window.__bpReconnects ?? 0");
}

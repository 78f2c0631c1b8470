using System.Diagnostics;
using System.Text.Json;

namespace BootstrapPortal.FleetHarness;

/// <summary>What concurrent API clients measured: latencies in milliseconds and the size of one list answer.</summary>
public sealed record ApiLoadResult(IReadOnlyList<double> ListMs, IReadOnlyList<double> DetailMs, int Errors, int ListItems, long ListBytes);

/// <summary>Concurrent clients reading <c>GET /api/v1/csrs</c> (a page of 100 where the API pages) and <c>GET /api/v1/csrs/{name}</c>.</summary>
public static class ApiLoad
{
    public const string ListPath = "api/v1/csrs?limit=100";

    public static async Task<ApiLoadResult> RunAsync(HttpClient http, Uri baseAddress, IReadOnlyList<string> names, int clients, int requestsPerClient,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(names);
        var (items, bytes) = await ListSizeAsync(http, baseAddress, cancellationToken);
        var list = new List<double>();
        var detail = new List<double>();
        var errors = 0;
        var sync = new object();
        var workers = Enumerable.Range(0, clients).Select(async client =>
        {
            var random = new Random(client);
            for (var i = 0; i < requestsPerClient; i++)
            {
                var isList = i % 2 == 0;
                var path = isList || names.Count == 0 ? ListPath : "api/v1/csrs/" + Uri.EscapeDataString(names[random.Next(names.Count)]);
                var watch = Stopwatch.StartNew();
                var ok = false;
                try
                {
                    using var response = await http.GetAsync(new Uri(baseAddress, path), HttpCompletionOption.ResponseContentRead, cancellationToken);
                    ok = response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }

                var ms = watch.Elapsed.TotalMilliseconds;
                lock (sync)
                {
                    if (!ok)
                    {
                        errors++;
                    }
                    else
                    {
                        (isList ? list : detail).Add(ms);
                    }
                }
            }
        });
        await Task.WhenAll(workers);
        return new ApiLoadResult(list, detail, errors, items, bytes);
    }

    /// <summary>How many CSRs one list answer carries (a JSON array, or an object with <c>items</c>) and its size.</summary>
    public static async Task<(int Items, long Bytes)> ListSizeAsync(HttpClient http, Uri baseAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var body = await http.GetByteArrayAsync(new Uri(baseAddress, ListPath), cancellationToken);
        return (CountItems(body), body.LongLength);
    }

    /// <summary>Elements of a JSON array, or of the <c>items</c> array of an object; 0 for anything else.</summary>
    public static int CountItems(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Array ? root.GetArrayLength()
                : root.ValueKind == JsonValueKind.Object && root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array ? items.GetArrayLength()
                : 0;
        }
        catch (JsonException)
        {
            return 0;
        }
    }

    /// <summary>The median of <paramref name="count"/> sequential calls to <paramref name="path"/> from one client, in milliseconds.</summary>
    public static async Task<double> SingleClientMedianAsync(HttpClient http, Uri baseAddress, string path, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var samples = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await http.GetAsync(new Uri(baseAddress, path), HttpCompletionOption.ResponseContentRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }

        return Percentiles.Of(samples, 50)!.Value;
    }
}

using System.Net.Http.Json;
using System.Text.Json;

namespace BootstrapPortal.FleetHarness;

/// <summary>The totals of one or more answers of <c>POST /api/v1/csrs/approve</c>, and the calls that do not get one (HTTP errors).</summary>
public sealed record BulkApprovalTotals(int Approved, int Skipped, int Failed, int Calls, int FailedCalls)
{
    public static BulkApprovalTotals None { get; } = new(0, 0, 0, 0, 0);

    public BulkApprovalTotals Add(BulkApprovalTotals other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Approved + other.Approved, Skipped + other.Skipped, Failed + other.Failed, Calls + other.Calls, FailedCalls + other.FailedCalls);
    }
}

/// <summary>Bulk approval through the portal's bulk endpoint: the names in batches of at most <see cref="MaxBatch"/>, one call per batch.</summary>
public static class BulkApprovalCalls
{
    /// <summary>The endpoint's limit of names per call.</summary>
    public const int MaxBatch = 1000;

    public static IReadOnlyList<string[]> Batches(IReadOnlyList<string> names, int size)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, MaxBatch);
        return [.. names.Chunk(size)];
    }

    /// <summary>Approves <paramref name="names"/> in batches, <paramref name="concurrency"/> calls at once.</summary>
    public static async Task<BulkApprovalTotals> ApproveAsync(HttpClient http, Uri baseAddress, IReadOnlyList<string> names, int batchSize, int concurrency,
        string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var totals = BulkApprovalTotals.None;
        var gate = new object();
        var uri = new Uri(baseAddress, "api/v1/csrs/approve");
        await Parallel.ForEachAsync(Batches(names, batchSize), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (batch, ct) =>
        {
            using var response = await http.PostAsJsonAsync(uri, new { names = batch, reason }, ct);
            var counted = response.IsSuccessStatusCode
                ? Parse(await response.Content.ReadAsByteArrayAsync(ct)) ?? new BulkApprovalTotals(0, 0, batch.Length, 1, 1)
                : new BulkApprovalTotals(0, 0, batch.Length, 1, 1);
            lock (gate)
            {
                totals = totals.Add(counted);
            }
        });
        return totals;
    }

    /// <summary>The totals of one answer, or null when it is not one (missing or mistyped fields, not JSON).</summary>
    public static BulkApprovalTotals? Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            int? Count(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n >= 0 ? n : null;
            return Count("approved") is { } approved && Count("skipped") is { } skipped && Count("failed") is { } failed
                ? new BulkApprovalTotals(approved, skipped, failed, 1, 0)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

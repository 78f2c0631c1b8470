using System.Text.Json;

namespace BootstrapPortal.FleetHarness;

/// <summary>One CSR of the portal's list answer, as far as the harness needs it.</summary>
public sealed record ListedCsr(string Name, string State, string? CommonName, string? Verdict);

/// <summary>Reads the portal's CSR list (every CSR, following <c>continue</c> when the API pages).</summary>
public static class CsrListing
{
    public static async Task<IReadOnlyList<ListedCsr>> ReadAllAsync(HttpClient http, Uri baseAddress, string query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var result = new List<ListedCsr>();
        string? next = null;
        do
        {
            var path = "api/v1/csrs?" + query + (next is null ? string.Empty : "&continue=" + Uri.EscapeDataString(next));
            var body = await http.GetByteArrayAsync(new Uri(baseAddress, path), cancellationToken);
            next = Parse(body, result);
        }
        while (next is not null);
        return result;
    }

    /// <summary>Adds the CSRs of one answer (an array, or an object with <c>items</c> and <c>continue</c>); returns the continue token.</summary>
    public static string? Parse(ReadOnlySpan<byte> json, List<ListedCsr> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var items = root.ValueKind == JsonValueKind.Array ? root : root.GetProperty("items");
        foreach (var item in items.EnumerateArray())
        {
            var cn = item.TryGetProperty("subject", out var subject) && subject.ValueKind == JsonValueKind.Object
                && subject.TryGetProperty("commonName", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            var verdict = item.TryGetProperty("verdict", out var v) && v.ValueKind == JsonValueKind.Object
                && v.TryGetProperty("result", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            into.Add(new ListedCsr(item.GetProperty("name").GetString() ?? string.Empty, item.TryGetProperty("state", out var s) ? s.GetString() ?? string.Empty : string.Empty, cn, verdict));
        }

        return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("continue", out var token) && token.ValueKind == JsonValueKind.String
            && token.GetString() is { Length: > 0 } t ? t : null;
    }
}

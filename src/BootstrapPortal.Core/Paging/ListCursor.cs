using System.Buffers.Text;
using System.Text.Json;

namespace BootstrapPortal.Core.Paging;

/// <summary>
/// A position in a sorted list: "after the row with this sort value and this name". It names rows, not indexes, so it stays
/// valid across snapshots: rows added or removed meanwhile neither repeat nor skip the rows that were there all along.
/// <see cref="Encode"/> gives the opaque <c>continue</c> token of the API (base64url of a small JSON array);
/// <see cref="TryDecode"/> is total (false for anything it did not make, never an exception).
/// </summary>
public sealed record ListCursor(string Sort, SortDirection Direction, SortValue Value, string Name)
{
    /// <summary>Tokens longer than this are refused before they are decoded.</summary>
    public const int MaxTokenLength = 2048;

    private const string FormatVersion = "1";

    public string Encode()
    {
        var parts = new object?[] { FormatVersion, Sort, Direction == SortDirection.Ascending ? "a" : "d", Value.Number, Value.Text, Name };
        return Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(parts));
    }

    public static bool TryDecode(string? token, out ListCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength || !Base64Url.IsValid(token.AsSpan()))
        {
            return false;
        }

        try
        {
            using var json = JsonDocument.Parse(Base64Url.DecodeFromChars(token.AsSpan()));
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() != 6
                || root[0].ValueKind != JsonValueKind.String || root[0].GetString() != FormatVersion
                || root[1].ValueKind != JsonValueKind.String || root[2].ValueKind != JsonValueKind.String
                || root[3].ValueKind is not (JsonValueKind.Number or JsonValueKind.Null)
                || root[4].ValueKind is not (JsonValueKind.String or JsonValueKind.Null)
                || root[5].ValueKind != JsonValueKind.String)
            {
                return false;
            }

            SortDirection direction;
            switch (root[2].GetString())
            {
                case "a":
                    direction = SortDirection.Ascending;
                    break;
                case "d":
                    direction = SortDirection.Descending;
                    break;
                default:
                    return false;
            }

            long? number = null;
            if (root[3].ValueKind == JsonValueKind.Number)
            {
                if (!root[3].TryGetInt64(out var n))
                {
                    return false;
                }

                number = n;
            }

            cursor = new ListCursor(root[1].GetString()!, direction, new SortValue(number, root[4].GetString()), root[5].GetString()!);
            return true;
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return false;
        }
    }
}

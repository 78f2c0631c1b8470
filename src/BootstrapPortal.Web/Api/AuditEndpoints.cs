using System.Globalization;
using BootstrapPortal.Core.Audit;
using BootstrapPortal.Core.Tokens;

namespace BootstrapPortal.Web.Api;

/// <summary>
/// <c>GET /api/v1/audit?actor=&amp;action=&amp;since=&amp;outcome=&amp;skip=&amp;limit=</c> (Admin): the audit trail, newest first.
/// <c>since</c> is an RFC 3339 time or a duration back from now (<c>24h</c>, <c>7d</c>).
/// </summary>
public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/audit", ListAsync).RequireAuthorization(PortalPermissions.AuditRead)
            .WithName("ListAuditRecords").WithSummary("The audit trail, newest first; filter by actor, action, outcome and since.")
            .Produces<AuditPageResponse>().ProducesValidationProblem();
        return api;
    }

    internal static async Task<IResult> ListAsync(IAuditStore store, TimeProvider time, string? actor = null, string? action = null, string? since = null,
        string? outcome = null, string? skip = null, string? limit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        if (!TryParseSince(since, time.GetUtcNow(), out var from))
        {
            return PortalApiErrors.Invalid("since", "Expected an RFC 3339 time (2025-01-31T12:00:00Z) or a duration back from now (24h, 7d).");
        }

        AuditOutcome? wanted = null;
        if (!string.IsNullOrEmpty(outcome))
        {
            if (!TryParseOutcome(outcome, out var parsed))
            {
                return PortalApiErrors.Invalid("outcome", "Expected one of Succeeded, Refused, Failed.");
            }

            wanted = parsed;
        }

        if (!TryParseCount(skip, 0, int.MaxValue, 0, out var skipCount))
        {
            return PortalApiErrors.Invalid("skip", "Expected a whole number, 0 or more.");
        }

        if (!TryParseCount(limit, 1, AuditQuery.MaxTake, AuditQuery.DefaultTake, out var limitCount))
        {
            return PortalApiErrors.Invalid("limit", $"Expected a whole number from 1 to {AuditQuery.MaxTake}.");
        }

        if (actor is { Length: > 512 } || action is { Length: > 128 })
        {
            return PortalApiErrors.Invalid(actor is { Length: > 512 } ? "actor" : "action", "The filter is too long.");
        }

        var page = await store.QueryAsync(new AuditQuery(NullIfEmpty(actor), NullIfEmpty(action), from, Skip: skipCount, Take: limitCount, Outcome: wanted), cancellationToken);
        return Results.Ok(new AuditPageResponse([.. page.Items.Select(AuditRecordResponse.From)], page.TotalCount, skipCount, limitCount));
    }

    /// <summary>Empty → no bound; an RFC 3339 time with an offset; or an ASCII duration back from <paramref name="now"/>.</summary>
    public static bool TryParseSince(string? text, DateTimeOffset now, out DateTimeOffset? since)
    {
        since = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (text.Length > 64)
        {
            return false;
        }

        if (text.Contains('T', StringComparison.Ordinal) || text.Contains('-', StringComparison.Ordinal))
        {
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
                && text.All(char.IsAscii))
            {
                since = at;
                return true;
            }

            return false;
        }

        // ASCII letters and digits only before any number is parsed (Unicode digits pass char.IsDigit).
        if (text.All(char.IsAsciiLetterOrDigit) && TryParseDuration(text, out var back) && back > TimeSpan.Zero && back <= now - DateTimeOffset.MinValue)
        {
            since = now - back;
            return true;
        }

        return false;
    }

    private static bool TryParseDuration(string text, out TimeSpan value)
    {
        try
        {
            return Durations.TryParse(text, out value);
        }
        catch (Exception ex) when (ex is OverflowException or FormatException or ArgumentException)
        {
            // Out-of-range numbers are bad input, not a server error.
            value = default;
            return false;
        }
    }

    public static bool TryParseOutcome(string text, out AuditOutcome outcome)
    {
        foreach (var value in Enum.GetValues<AuditOutcome>())
        {
            if (string.Equals(value.ToString(), text, StringComparison.OrdinalIgnoreCase))
            {
                outcome = value;
                return true;
            }
        }

        outcome = default;
        return false;
    }

    private static bool TryParseCount(string? text, int min, int max, int fallback, out int value)
    {
        value = fallback;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        return text.Length <= 10 && text.All(char.IsAsciiDigit) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value)
            && value >= min && value <= max;
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

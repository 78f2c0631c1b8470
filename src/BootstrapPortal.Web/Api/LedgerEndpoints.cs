using System.Globalization;
using BootstrapPortal.Core.Ledger;
using BootstrapPortal.Core.Paging;
using BootstrapPortal.Core.Parsing;
using BootstrapPortal.Core.Tokens;
using Microsoft.AspNetCore.Mvc;

namespace BootstrapPortal.Web.Api;

/// <summary>
/// The certificate ledger and node part of the JSON API: <c>GET /certificates?node=&amp;kind=&amp;expiringWithinDays=</c>,
/// <c>GET /nodes</c> and <c>GET /nodes/{name}/history</c>. Nodes come from the shared board (no database query per call).
/// </summary>
public static class LedgerEndpoints
{
    public const int MaxExpiringWithinDays = 3650;

    public static IEndpointRouteBuilder MapLedgerApi(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/certificates", ListCertificatesAsync).RequireAuthorization(PortalPermissions.NodesRead)
            .WithName("ListCertificates").WithSummary("Certificates from the ledger (also those whose CSR Kubernetes deleted), soonest expiry first; sort; page with limit and continue (then {items, total, continue}).")
            .Produces<CertificateResponse[]>().Produces<ListPageResponse<CertificateResponse>>().ProducesValidationProblem();
        api.MapGet("/nodes", ListNodes).RequireAuthorization(PortalPermissions.NodesRead)
            .WithName("ListNodes").WithSummary("Every node with its current client and serving certificates and rotation health; sort; page with limit and continue (then {items, total, continue}).")
            .Produces<NodeResponse[]>().Produces<ListPageResponse<NodeResponse>>().ProducesValidationProblem();
        api.MapGet("/nodes/{name}/history", HistoryAsync).RequireAuthorization(PortalPermissions.NodesRead)
            .WithName("GetNodeHistory").WithSummary("Every certificate and CSR the ledger holds for a node, with decisions.")
            .Produces<NodeHistoryResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    internal static async Task<IResult> ListCertificatesAsync(LedgerReader ledger, HttpContext http, CancellationToken cancellationToken, string? node = null,
        string? kind = null, string? expiringWithinDays = null, string? sort = null, string? order = null, string? limit = null,
        [FromQuery(Name = "continue")] string? continueToken = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        if (!string.IsNullOrEmpty(node) && DnsSubdomain.Validate(node) is not null)
        {
            return PortalApiErrors.Invalid("node", "Not a node name (a lowercase DNS subdomain).");
        }

        if (!TryParseKind(kind, out var parsedKind))
        {
            return PortalApiErrors.Invalid("kind", "Must be client, serving or other.");
        }

        if (!TryParseDays(expiringWithinDays, out var days))
        {
            return PortalApiErrors.Invalid("expiringWithinDays", $"Must be a whole number of days from 0 to {MaxExpiringWithinDays}.");
        }

        if (!ApiPaging.TryParse(limit, continueToken, sort, order, CertificateSortKey.NotAfter, SortDirection.Ascending, out var paging, out var error))
        {
            return error!;
        }

        var query = new CertificateQuery(string.IsNullOrEmpty(node) ? null : node, parsedKind, days is null ? null : TimeSpan.FromDays(days.Value));
        CertificatePage page;
        try
        {
            page = await ledger.CertificatePageAsync(query, paging.Sort, paging.Direction, paging.After, paging.Limit, cancellationToken);
        }
        catch (ArgumentException) when (paging.After is not null)
        {
            return PortalApiErrors.Invalid("continue", "Not a continue token of this list; pass the one the previous page returned.");
        }

        if (paging.Paged)
        {
            return paging.Respond(http, page.Items.Select(CertificateResponse.From).ToArray(), page.Total, page.Next);
        }

        // The unpaged form: every matching certificate, read page by page in the same order.
        var all = new List<LedgerCertificate>(page.Items);
        while (page.Next is { } next)
        {
            page = await ledger.CertificatePageAsync(query, paging.Sort, paging.Direction, next, paging.Limit, cancellationToken);
            all.AddRange(page.Items);
        }

        return paging.Respond(http, all.Select(CertificateResponse.From).ToArray(), all.Count, null);
    }

    internal static IResult ListNodes(NodeCertificateBoard board, HttpContext http, string? search = null, string? status = null, string? expiringWithinDays = null,
        string? sort = null, string? order = null, string? limit = null, [FromQuery(Name = "continue")] string? continueToken = null)
    {
        ArgumentNullException.ThrowIfNull(board);
        RotationStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!EnumNames.TryParse<RotationStatus>(status, out var parsed))
            {
                return PortalApiErrors.Invalid("status", "Must be healthy, warning or unhealthy.");
            }

            wanted = parsed;
        }

        if (!TryParseDays(expiringWithinDays, out var days))
        {
            return PortalApiErrors.Invalid("expiringWithinDays", $"Must be a whole number of days from 0 to {MaxExpiringWithinDays}.");
        }

        if (search is { Length: > CsrEndpoints.MaxFilterLength })
        {
            return PortalApiErrors.Invalid("search", $"At most {CsrEndpoints.MaxFilterLength} characters.");
        }

        if (!ApiPaging.TryParse(limit, continueToken, sort, order, NodeSortKey.Health, SortDirection.Ascending, out var paging, out var error))
        {
            return error!;
        }

        var current = board.Current;
        var query = new NodeListQuery
        {
            Search = search,
            ExpiringWithinDays = days,
            Status = wanted,
            Sort = paging.Sort,
            Direction = paging.Direction,
            Limit = paging.Limit,
            After = paging.After,
        };
        return paging.Answer(http, after =>
        {
            var page = current.Query(query with { After = after });
            return (page.Rows, page.Total, page.Next);
        }, NodeResponse.From);
    }

    internal static async Task<IResult> HistoryAsync(string name, LedgerReader ledger, NodeCertificateBoard board, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(board);
        if (DnsSubdomain.Validate(name) is not null)
        {
            return PortalApiErrors.Invalid("name", "Not a node name (a lowercase DNS subdomain).");
        }

        var history = await ledger.HistoryAsync(name, cancellationToken);
        var row = board.Current.Find(name);
        if (row is null && history.Certificates.Count == 0 && history.Requests.Count == 0)
        {
            return Results.Problem(title: "Node not found", detail: "No node of that name is in the cluster or in the certificate ledger.",
                statusCode: StatusCodes.Status404NotFound);
        }

        return Results.Ok(new NodeHistoryResponse(name, row is null ? null : NodeResponse.From(row),
            history.Certificates.Select(CertificateResponse.From).ToArray(), history.Requests.Select(LedgerRequestResponse.From).ToArray()));
    }

    internal static bool TryParseKind(string? text, out CertificateKind? kind)
    {
        kind = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (EnumNames.TryParse<CertificateKind>(text, out var parsed))
        {
            kind = parsed;
            return true;
        }

        return false;
    }

    internal static bool TryParseDays(string? text, out int? days)
    {
        days = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= MaxExpiringWithinDays)
        {
            days = value;
            return true;
        }

        return false;
    }
}

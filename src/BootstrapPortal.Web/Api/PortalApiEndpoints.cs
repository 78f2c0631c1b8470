using System.Text;
using BootstrapPortal.Core.Kubeconfigs;
using BootstrapPortal.Core.Paging;
using BootstrapPortal.Core.Parsing;
using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Core.Tokens;
using BootstrapPortal.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace BootstrapPortal.Web.Api;

/// <summary>The JSON API for provisioning scripts under <c>/api/v1</c>, and its OpenAPI document.</summary>
public static class PortalApiEndpoints
{
    public const string Prefix = "/api/v1";
    public const string YamlContentType = "application/yaml";

    /// <summary>Response header naming the token minted for a kubeconfig (the id only, never the secret).</summary>
    public const string TokenIdHeader = "X-Bootstrap-Token-Id";

    public static IEndpointRouteBuilder MapPortalApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapOpenApi();
        var api = endpoints.MapGroup(Prefix).AddEndpointFilter(PortalApiErrors.Filter).WithTags("Bootstrap");

        api.MapGet("/bootstrap-tokens", ListTokens).RequireAuthorization(PortalPermissions.TokensRead)
            .WithName("ListBootstrapTokens")
            .WithSummary("Lists bootstrap tokens (never their secrets), malformed ones as invalid; filter by state and text; sort; page with limit and continue (then {items, total, continue}).")
            .Produces<TokenResponse[]>().Produces<ListPageResponse<TokenResponse>>().ProducesValidationProblem();
        api.MapGet("/bootstrap-tokens/{id}", GetToken).RequireAuthorization(PortalPermissions.TokensRead)
            .WithName("GetBootstrapToken").WithSummary("One bootstrap token by id.");
        api.MapPost("/bootstrap-tokens", CreateToken).RequireAuthorization(PortalPermissions.TokensCreate).RequireRateLimiting(MintingRateLimit.PolicyName)
            .WithName("CreateBootstrapToken").WithSummary("Mints a token; the only response that carries its secret.")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapPost("/bootstrap-tokens/{id}/extend", ExtendToken).RequireAuthorization(PortalPermissions.TokensManage)
            .WithName("ExtendBootstrapToken").WithSummary("Moves a token's expiration later.");
        api.MapDelete("/bootstrap-tokens/{id}", DeleteToken).RequireAuthorization(PortalPermissions.TokensManage)
            .WithName("DeleteBootstrapToken").WithSummary("Deletes a token.");
        api.MapPost("/nodes/{nodeName}/bootstrap-kubeconfig", CreateNodeKubeconfig).RequireAuthorization(PortalPermissions.KubeconfigsCreate)
            .RequireRateLimiting(MintingRateLimit.PolicyName)
            .WithName("CreateNodeBootstrapKubeconfig").WithSummary("A fresh token for the node and its bootstrap-kubelet.conf (application/yaml).")
            .Produces<string>(StatusCodes.Status200OK, YamlContentType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapCsrApi();
        api.MapRbacApi();
        api.MapServingPolicyApi();
        api.MapAuditApi();
        api.MapLedgerApi();
        return endpoints;
    }

    internal static IResult ListTokens(IBootstrapTokenService tokens, RbacAuditService rbac, TimeProvider time, HttpContext http, string? state = null,
        string? search = null, string? sort = null, string? order = null, string? limit = null, [FromQuery(Name = "continue")] string? continueToken = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(rbac);
        IReadOnlySet<TokenListState>? states = null;
        if (!string.IsNullOrEmpty(state))
        {
            if (!EnumSetFilter.TryParse<TokenListState>(state, out var parsed))
            {
                return PortalApiErrors.Invalid("state", $"Expected {EnumSetFilter.Expected<TokenListState>()}.");
            }

            states = parsed;
        }

        if (search is { Length: > CsrEndpoints.MaxFilterLength })
        {
            return PortalApiErrors.Invalid("search", $"At most {CsrEndpoints.MaxFilterLength} characters.");
        }

        if (!ApiPaging.TryParse(limit, continueToken, sort, order, TokenSortKey.Name, SortDirection.Ascending, out var paging, out var error))
        {
            return error!;
        }

        var analysis = rbac.Current;
        var now = time.GetUtcNow();
        var snapshot = tokens.Snapshot;
        var query = new TokenListQuery { States = states, Search = search, Sort = paging.Sort, Direction = paging.Direction, Limit = paging.Limit, After = paging.After };
        return paging.Answer(http, after =>
        {
            var page = snapshot.Query(query with { After = after });
            return (page.Items, page.Total, page.Next);
        }, t => TokenResponse.From(t, analysis.Check(t, now)));
    }

    internal static Results<Ok<TokenResponse>, ProblemHttpResult> GetToken(string id, IBootstrapTokenService tokens, RbacAuditService rbac, TimeProvider time)
    {
        var token = tokens.List().FirstOrDefault(t => string.Equals(t.Id, id, StringComparison.Ordinal));
        return token is null
            ? TypedResults.Problem(title: "Bootstrap token not found", detail: "No bootstrap token has that id.", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(TokenResponse.From(token, rbac.Current.Check(token, time.GetUtcNow())));
    }

    internal static async Task<IResult> CreateToken([FromBody] CreateTokenBody body, IBootstrapTokenService tokens, PortalActorResolver actors, HttpContext http,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!TryParseTtl(body.Ttl, out var ttl, out var never))
        {
            return PortalApiErrors.Invalid("ttl", $"Expected {Durations.Expected}, or never.");
        }

        var created = await tokens.CreateAsync(
            new CreateTokenRequest(ttl, never, body.Description, body.Groups, body.Usages, body.NodeName, body.OneTime ?? false),
            actors.Resolve(http.User), cancellationToken);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"{Prefix}/bootstrap-tokens/{created.Id}", new CreatedTokenResponse(created.Id, created.Token, created.Expiration));
    }

    internal static async Task<IResult> ExtendToken(string id, [FromBody] ExtendTokenBody body, IBootstrapTokenService tokens, RbacAuditService rbac, TimeProvider time,
        PortalActorResolver actors, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!Durations.TryParse(body.ExtendBy, out var extendBy))
        {
            return PortalApiErrors.Invalid("extendBy", $"Expected {Durations.Expected}.");
        }

        var token = await tokens.ExtendAsync(id, extendBy, actors.Resolve(http.User), cancellationToken);
        return TypedResults.Ok(TokenResponse.From(token, rbac.Current.Check(token, time.GetUtcNow())));
    }

    internal static async Task<NoContent> DeleteToken(string id, IBootstrapTokenService tokens, PortalActorResolver actors, HttpContext http, CancellationToken cancellationToken)
    {
        await tokens.DeleteAsync(id, actors.Resolve(http.User), cancellationToken);
        return TypedResults.NoContent();
    }

    internal static async Task<IResult> CreateNodeKubeconfig(string nodeName, [FromBody] NodeKubeconfigBody? body, IBootstrapKubeconfigService kubeconfigs,
        PortalActorResolver actors, HttpContext http, CancellationToken cancellationToken)
    {
        TimeSpan? ttl = null;
        if (body?.Ttl is { } text && !string.IsNullOrWhiteSpace(text))
        {
            if (!Durations.TryParse(text, out var parsed))
            {
                return PortalApiErrors.Invalid("ttl", $"Expected {Durations.Expected}.");
            }

            ttl = parsed;
        }

        var kubeconfig = await kubeconfigs.CreateForNodeAsync(
            new BootstrapKubeconfigRequest(nodeName, ttl, body?.OneTime ?? true, body?.Server), actors.Resolve(http.User), cancellationToken);
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{kubeconfig.FileName}\"";
        http.Response.Headers[TokenIdHeader] = kubeconfig.TokenId;
        return Results.Text(kubeconfig.Yaml, YamlContentType, Encoding.UTF8, StatusCodes.Status200OK);
    }

    /// <summary>Empty → default TTL; <c>never</c> or <c>0</c> → never expires; otherwise a duration.</summary>
    internal static bool TryParseTtl(string? text, out TimeSpan? ttl, out bool never)
    {
        ttl = null;
        never = false;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (string.Equals(text.Trim(), "never", StringComparison.OrdinalIgnoreCase) || text.Trim() == "0")
        {
            never = true;
            return true;
        }

        if (Durations.TryParse(text, out var value))
        {
            ttl = value;
            return true;
        }

        return false;
    }
}

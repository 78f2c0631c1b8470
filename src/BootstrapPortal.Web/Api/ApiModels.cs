using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Core.Tokens;

namespace BootstrapPortal.Web.Api;

/// <summary>A token row of <c>GET /api/v1/bootstrap-tokens</c>. Never carries the secret. <c>canBootstrap</c> says whether it can bring a node into this cluster.</summary>
public sealed record TokenResponse(
    string Id,
    string SecretName,
    string? Description,
    DateTimeOffset? Expiration,
    IReadOnlyList<string> Usages,
    IReadOnlyList<string> Groups,
    string? NodeName,
    bool OneTime,
    string Status,
    string? InvalidReason,
    DateTimeOffset? CreatedAt,
    IReadOnlyList<string> UsedBy,
    IReadOnlyList<string> JoinedNodes,
    CanBootstrapResponse? CanBootstrap)
{
    /// <summary>When the Secret's deletion was requested; set only while it is terminating (the API server already refuses the token).</summary>
    public DateTimeOffset? DeletionRequestedAt { get; init; }

    /// <summary>The row with its bootstrap check (whether the token can bring a node into this cluster, and why).</summary>
    public static TokenResponse From(BootstrapTokenInfo info, TokenBootstrapCheck? check)
    {
        ArgumentNullException.ThrowIfNull(info);
        return new(info.Id, info.SecretName, info.Description, info.Expiration, info.Usages, info.ExtraGroups, info.NodeName, info.OneTime,
            StatusName(info.Status), info.InvalidReason, info.CreatedAt, info.UsedByCsrs, info.JoinedNodes, check is null ? null : CanBootstrapResponse.From(check))
        {
            DeletionRequestedAt = info.DeletionRequestedAt,
        };
    }

    /// <summary><c>valid</c>, <c>expiring-soon</c>, <c>expired</c>, <c>never-expires</c>, <c>invalid</c>.</summary>
    public static string StatusName(TokenStatus status) => status switch
    {
        TokenStatus.Valid => "valid",
        TokenStatus.ExpiringSoon => "expiring-soon",
        TokenStatus.Expired => "expired",
        TokenStatus.NeverExpires => "never-expires",
        _ => "invalid",
    };
}

/// <summary>Body of <c>POST /api/v1/bootstrap-tokens</c>. <c>ttl</c>: e.g. <c>24h</c>, <c>90m</c>, <c>2d</c>; <c>never</c> when allowed.</summary>
public sealed record CreateTokenBody(string? Ttl, string? Description, IReadOnlyList<string>? Groups, IReadOnlyList<string>? Usages, string? NodeName, bool? OneTime);

/// <summary>The 201 answer of <c>POST /api/v1/bootstrap-tokens</c>: the only response that ever carries the secret.</summary>
public sealed record CreatedTokenResponse(string Id, string Token, DateTimeOffset? Expiration);

/// <summary>Body of <c>POST /api/v1/bootstrap-tokens/{id}/extend</c>.</summary>
public sealed record ExtendTokenBody(string? ExtendBy);

/// <summary>Optional body of <c>POST /api/v1/nodes/{nodeName}/bootstrap-kubeconfig</c>.</summary>
public sealed record NodeKubeconfigBody(string? Ttl, bool? OneTime, string? Server);

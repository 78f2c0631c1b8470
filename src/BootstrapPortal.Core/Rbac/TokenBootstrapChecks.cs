using BootstrapPortal.Core.Text;
using BootstrapPortal.Core.Tokens;

namespace BootstrapPortal.Core.Rbac;

/// <summary>
/// Whether one token (or one proposed before it is minted) can bootstrap a node: the authenticator must accept it
/// (well-formed, not expired, usage <c>authentication</c>), RBAC must let its identity create and read CSRs, and csrapproving
/// auto-approves its client CSRs when RBAC lets it create <c>certificatesigningrequests/nodeclient</c>
/// (k/k pkg/controller/certificates/approver/sarapprove.go).
/// </summary>
public static class TokenBootstrapChecks
{
    /// <summary>The check of an existing token.</summary>
    public static TokenBootstrapCheck Evaluate(RbacPolicy policy, BootstrapTokenInfo token, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(token);
        switch (token.Status)
        {
            case TokenStatus.Invalid:
                return Cannot(RbacText.TokenMalformed.With(token.InvalidReason ?? string.Empty));
            case TokenStatus.Expired:
                return Cannot(token.Expiration is { } e
                    ? RbacText.TokenExpiredAt.With(e.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture))
                    : RbacText.TokenExpired.Text);
        }

        var check = EvaluateIdentity(policy, token.Id, token.ExtraGroups, token.Usages);
        if (check.CanBootstrap && token.Status == TokenStatus.ExpiringSoon && token.Expiration is { } expires)
        {
            var left = expires - now;
            var expiry = left.TotalMinutes < 60 ? RbacText.ExpiresInMinutes.With(Math.Max(1, (int)left.TotalMinutes)) : RbacText.ExpiresInHours.With((int)left.TotalHours);
            return check with { ReasonTexts = [.. check.ReasonTexts, expiry] };
        }

        return check;
    }

    /// <summary>The check of a token that would be minted with these extra groups and usages (nothing names its id yet).</summary>
    public static TokenBootstrapCheck EvaluateProposal(RbacPolicy policy, IReadOnlyList<string> extraGroups, IReadOnlyList<string> usages)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(extraGroups);
        foreach (var group in extraGroups)
        {
            if (!BootstrapTokenFormat.GroupPattern().IsMatch(group))
            {
                return Cannot(RbacText.NotBootstrapGroup.With(group));
            }
        }

        return EvaluateIdentity(policy, null, extraGroups, usages);
    }

    /// <summary>The RBAC part for a token id (null for a token not minted yet) with these groups and usages.</summary>
    public static TokenBootstrapCheck EvaluateIdentity(RbacPolicy policy, string? tokenId, IReadOnlyList<string> extraGroups, IReadOnlyList<string> usages)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(extraGroups);
        ArgumentNullException.ThrowIfNull(usages);
        if (!usages.Contains(BootstrapTokenUsages.Authentication, StringComparer.Ordinal))
        {
            return Cannot(RbacText.LacksAuthentication.Text);
        }

        var (user, groups) = BootstrapRequirements.TokenIdentity(tokenId, extraGroups);
        var identity = RbacText.Identity.With(tokenId is null ? RbacText.TheNewToken.Text : CommonText.Plain(user), string.Join(", ", groups));
        var create = RequirementResult.Evaluate(policy, BootstrapRequirement.CreateCsrs, user, groups);
        if (!create.Satisfied)
        {
            return Cannot(create.Grants.Count > 0
                ? RbacText.CannotCreatePartly.With(identity, string.Join(", ", create.Missing), create.DescribeGrantsText(), BootstrapRequirements.NodeBootstrapperRole)
                : RbacText.CannotCreate.With(identity, string.Join(", ", create.Missing), BootstrapRequirements.NodeBootstrapperRole));
        }

        var reasons = new List<PortalText> { RbacText.MayCreate.With(create.DescribeGrantsText()) };
        var approve = RequirementResult.Evaluate(policy, BootstrapRequirement.AutoApproveClientCsrs, user, groups);
        if (approve.Satisfied)
        {
            reasons.Add(RbacText.AutoApproves.With(approve.DescribeGrantsText()));
            return new TokenBootstrapCheck(TokenBootstrapResult.AutoApproved, reasons);
        }

        reasons.Add(RbacText.WaitsForPerson.With(identity, BootstrapRequirements.NodeClientRole));
        return new TokenBootstrapCheck(TokenBootstrapResult.NeedsApproval, reasons);
    }

    private static TokenBootstrapCheck Cannot(PortalText reason) => new(TokenBootstrapResult.CannotBootstrap, [reason]);
}

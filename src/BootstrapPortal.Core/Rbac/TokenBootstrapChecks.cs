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
                return Cannot($"The API server does not accept the token: its Secret is malformed ({token.InvalidReason}).");
            case TokenStatus.Expired:
                return Cannot(token.Expiration is { } e
                    ? $"The token expired at {e.UtcDateTime:yyyy-MM-dd HH:mm} UTC; the API server no longer authenticates it."
                    : "The token has expired; the API server no longer authenticates it.");
        }

        var check = EvaluateIdentity(policy, token.Id, token.ExtraGroups, token.Usages);
        if (check.CanBootstrap && token.Status == TokenStatus.ExpiringSoon && token.Expiration is { } expires)
        {
            var left = expires - now;
            var text = left.TotalMinutes < 60 ? $"{Math.Max(1, (int)left.TotalMinutes)} minutes" : $"{(int)left.TotalHours} hours";
            return check with { Reasons = [.. check.Reasons, $"It expires in {text}: a node must finish joining before then."] };
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
                return Cannot($"The extra group \"{group}\" is not a bootstrap group (system:bootstrappers:…); the API server would reject the token.");
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
            return Cannot("It lacks the usage authentication, so the API server does not authenticate kubelets with it " +
                "(a signing-only token serves kubeadm join discovery, not TLS bootstrapping).");
        }

        var (user, groups) = BootstrapRequirements.TokenIdentity(tokenId, extraGroups);
        var identity = $"{(tokenId is null ? "the new token" : user)} (groups {string.Join(", ", groups)})";
        var create = RequirementResult.Evaluate(policy, BootstrapRequirement.CreateCsrs, user, groups);
        if (!create.Satisfied)
        {
            var partly = create.Grants.Count > 0 ? $" ({create.DescribeGrants()} grants only part of it)" : string.Empty;
            return Cannot(
                $"RBAC does not let {identity} {string.Join(", ", create.Missing)}{partly}: kubelets with this token get 403 when they create " +
                $"or wait for their CSR. Bind ClusterRole {BootstrapRequirements.NodeBootstrapperRole} to one of its groups.");
        }

        var reasons = new List<string> { $"It may create and read CSRs: {create.DescribeGrants()}." };
        var approve = RequirementResult.Evaluate(policy, BootstrapRequirement.AutoApproveClientCsrs, user, groups);
        if (approve.Satisfied)
        {
            reasons.Add($"kube-controller-manager auto-approves its node client CSRs: {approve.DescribeGrants()}.");
            return new TokenBootstrapCheck(TokenBootstrapResult.AutoApproved, reasons);
        }

        reasons.Add($"Nothing lets {identity} create certificatesigningrequests/nodeclient, so each node's client CSR waits for a person " +
            $"to approve it. Bind ClusterRole {BootstrapRequirements.NodeClientRole} to one of its groups for automatic approval.");
        return new TokenBootstrapCheck(TokenBootstrapResult.NeedsApproval, reasons);
    }

    private static TokenBootstrapCheck Cannot(string reason) => new(TokenBootstrapResult.CannotBootstrap, [reason]);
}

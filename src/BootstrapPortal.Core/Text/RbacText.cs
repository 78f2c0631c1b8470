namespace BootstrapPortal.Core.Text;

/// <summary>The sentences of the RBAC audit: the bootstrap checklist and requirements, group advice, token checks, who-can questions.</summary>
public static class RbacText
{
    // Requirements
    public static readonly TextFormat CreateCsrsTitle = new("Bootstrap tokens can create and read CSRs");
    public static readonly TextFormat AutoApproveTitle = new("Their client CSRs are auto-approved");
    public static readonly TextFormat RenewalsTitle = new("Renewals by nodes are auto-approved");
    public static readonly TextFormat CreateCsrsImpact = new("No CSRs: kubelets with such a token get 403 Forbidden when they create their CSR and never join.");
    public static readonly TextFormat AutoApproveImpact = new("CSRs wait for a person: kube-controller-manager's csrapproving does not approve them, so every new node waits until someone approves it.");
    public static readonly TextFormat RenewalsImpact = new("Renewals pile up: each node's renewal CSR waits for a person, and a node whose client certificate expires goes NotReady.");
    public static readonly TextFormat Grant = new("{0} of {1} {2} to {3}");

    // Checklist
    public static readonly TextFormat EveryNodeRenewing = new("every node renewing its client certificate");
    public static readonly TextFormat EveryNodeRelies = new("Every node relies on it when its client certificate is due for renewal.");
    public static readonly TextFormat EveryTokenAlone = new("every bootstrap token; new tokens rely on it alone");
    public static readonly TextFormat EveryToken = new("every bootstrap token");
    public static readonly TextFormat NewTokensGroupUsed = new("the group new tokens get; {0}");
    public static readonly TextFormat NewTokensGroup = new("the group new tokens get");
    public static readonly TextFormat OneToken = new("1 token");
    public static readonly TextFormat Tokens = new("{0} tokens");
    public static readonly TextFormat NoTokenRelies = new("No token relies on this group for it: tokens that carry it get it through another group, or none carries it.");
    public static readonly TextFormat TokensRely = new("{0} ({1}) get it no other way");
    public static readonly TextFormat NewTokensGetGroup = new("new tokens get this group");
    public static readonly TextFormat GrantOrRecreate = new("{0}. Grant it, or re-create those tokens with a group that has it.");
    public static readonly TextFormat GrantOrApprove = new("{0}. Grant it, or approve each node's CSR by hand.");

    // Group advice
    public static readonly TextFormat NoExtraGroup = new("no extra group (system:bootstrappers is enough)");
    public static readonly TextFormat AdviceAutoApproved = new("The cluster's bindings auto-approve tokens with {0}.");
    public static readonly TextFormat AdviceNeedsApproval = new("With {0} a token may create CSRs, but no binding auto-approves them: each node waits for a person.");
    public static readonly TextFormat AdviceCannot = new("No binding lets any bootstrap group create CSRs: tokens with {0} cannot bootstrap until the bindings are fixed.");

    // Token bootstrap checks
    public static readonly TextFormat TokenMalformed = new("The API server does not accept the token: its Secret is malformed ({0}).");
    public static readonly TextFormat TokenExpiredAt = new("The token expired at {0} UTC; the API server no longer authenticates it.");
    public static readonly TextFormat TokenExpired = new("The token has expired; the API server no longer authenticates it.");
    public static readonly TextFormat ExpiresInMinutes = new("It expires in {0} minutes: a node must finish joining before then.");
    public static readonly TextFormat ExpiresInHours = new("It expires in {0} hours: a node must finish joining before then.");
    public static readonly TextFormat NotBootstrapGroup = new("The extra group \"{0}\" is not a bootstrap group (system:bootstrappers:…); the API server would reject the token.");
    public static readonly TextFormat LacksAuthentication = new("It lacks the usage authentication, so the API server does not authenticate kubelets with it (a signing-only token serves kubeadm join discovery, not TLS bootstrapping).");
    public static readonly TextFormat TheNewToken = new("the new token");
    public static readonly TextFormat Identity = new("{0} (groups {1})");
    public static readonly TextFormat CannotCreate = new("RBAC does not let {0} {1}: kubelets with this token get 403 when they create or wait for their CSR. Bind ClusterRole {2} to one of its groups.");
    public static readonly TextFormat CannotCreatePartly = new("RBAC does not let {0} {1} ({2} grants only part of it): kubelets with this token get 403 when they create or wait for their CSR. Bind ClusterRole {3} to one of its groups.");
    public static readonly TextFormat MayCreate = new("It may create and read CSRs: {0}.");
    public static readonly TextFormat AutoApproves = new("kube-controller-manager auto-approves its node client CSRs: {0}.");
    public static readonly TextFormat WaitsForPerson = new("Nothing lets {0} create certificatesigningrequests/nodeclient, so each node's client CSR waits for a person to approve it. Bind ClusterRole {1} to one of its groups for automatic approval.");

    // Who-can questions
    public static readonly TextFormat ApproveFor = new("Approve CSRs for {0}");
    public static readonly TextFormat ApproveNodeClient = new("An approved CSR for this signer becomes a node's client identity (system:node:<name>).");
    public static readonly TextFormat ApproveApiServerClient = new("An approved CSR for this signer becomes a client certificate for any user or group but system:masters.");
    public static readonly TextFormat ApproveOther = new("An approved CSR for this signer is signed by kube-controller-manager.");
    public static readonly TextFormat SignFor = new("Sign CSRs for {0}");
    public static readonly TextFormat SignWhy = new("A signer writes the certificate into the CSR's status: whatever it writes, kubelets and clients use.");
    public static readonly TextFormat CreateCsrs = new("Create CSRs");
    public static readonly TextFormat CreateCsrsWhy = new("Every node identity starts as a CSR; bootstrap tokens need this.");
    public static readonly TextFormat MintTokens = new("Create or change Secrets in kube-system (mint bootstrap tokens)");
    public static readonly TextFormat MintTokensWhy = new("A bootstrap token is a Secret in kube-system: whoever creates or edits one can join machines as nodes.");
    public static readonly TextFormat ReadTokens = new("Read Secrets in kube-system (read bootstrap tokens)");
    public static readonly TextFormat ReadTokensWhy = new("Reading the Secrets of kube-system reveals every bootstrap token's secret.");
    public static readonly TextFormat DeleteTokens = new("Delete Secrets in kube-system (revoke bootstrap tokens)");
    public static readonly TextFormat DeleteTokensWhy = new("Deleting a token revokes it: nodes that have not joined yet cannot.");
    public static readonly TextFormat Impersonate = new("Impersonate {0}");
    public static readonly TextFormat ImpersonateWhy = new("Impersonation acts as another identity, e.g. system:node:<name> or a group with approval rights.");
    public static readonly TextFormat EscalateRoles = new("Escalate roles (grant rules they do not hold)");
    public static readonly TextFormat EscalateWhy = new("escalate lets a subject edit roles to include rights it does not have itself.");
    public static readonly TextFormat BindRoles = new("Bind roles (hand out rules they do not hold)");
    public static readonly TextFormat BindWhy = new("bind lets a subject bind any role, e.g. the CSR approver roles, to anyone.");

    /// <summary><c>1 token</c>, <c>3 tokens</c>.</summary>
    public static PortalText TokenCount(int n) => n == 1 ? OneToken.Text : Tokens.With(n);
}

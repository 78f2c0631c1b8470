namespace BootstrapPortal.Core.Text;

/// <summary>The sentences of the RBAC audit's risky findings: title, detail and fix of each kind.</summary>
public static class FindingText
{
    public static readonly TextFormat BootstrapGrantTitle = new("Bootstrap tokens get more than bootstrapping through {0} {1}");
    public static readonly TextFormat BootstrapGrantDetail = new("Anyone holding a bootstrap token of {0} also gets: {1}. Bootstrap tokens are low-trust join credentials handed to machines; they should only create CSRs and have them auto-approved ({2}, {3}).");
    public static readonly TextFormat BootstrapGrantAlternative = new("bind only the bootstrap ClusterRoles to bootstrap groups");
    public static readonly TextFormat AuthenticatedGrantTitle = new("Every authenticated user, each bootstrap token included, gets extra rights through {0} {1}");
    public static readonly TextFormat AuthenticatedGrantDetail = new("system:authenticated is every identity the API server accepts: people, ServiceAccounts, nodes and every bootstrap token. This binding gives all of them: {0} (beyond system:basic-user, system:discovery and system:public-info-viewer).");
    public static readonly TextFormat AuthenticatedGrantAlternative = new("bind the role to the groups that need it instead");
    public static readonly TextFormat AnonymousGrantTitle = new("Anonymous requests get extra rights through {0} {1}");
    public static readonly TextFormat AnonymousGrantDetail = new("Anyone who can reach the API server, without credentials, gets: {0}. By default anonymous requests may only read /healthz, /livez, /readyz and /version, plus (on kubeadm clusters) the cluster-info ConfigMap in kube-public.");
    public static readonly TextFormat AnonymousGrantAlternative = new("grant the rights to authenticated identities instead");
    public static readonly TextFormat WildcardTitle = new("{0} uses wildcards over certificates, signers or Secrets");
    public static readonly TextFormat WildcardGrants = new("{0} grants {1}.");
    public static readonly TextFormat WildcardUnbound = new("{0} No binding uses the role today; whoever binds it later hands all of that out.");
    public static readonly TextFormat WildcardBound = new("{0} It is bound by {1}.");
    public static readonly TextFormat WildcardFix = new("Replace the wildcards with the resources, verbs and resourceNames (signer names) the role's users need: kubectl edit {0} {1}{2}");
    public static readonly TextFormat EveryResourceEveryGroup = new("every resource of every API group, Secrets, CSRs and signers included");
    public static readonly TextFormat EveryCoreResource = new("every core resource, Secrets included");
    public static readonly TextFormat EveryCertificatesResource = new("every certificates.k8s.io resource (CSRs and signers)");
    public static readonly TextFormat EveryCsrVerb = new("every verb on certificatesigningrequests");
    public static readonly TextFormat EverySigner = new("every signer (no resourceNames)");
    public static readonly TextFormat EverySignerMatching = new("every signer matching {0}");
    public static readonly TextFormat EverySecretVerb = new("every verb on Secrets");
    public static readonly TextFormat ClusterAdminScope = new("every Secret (each bootstrap token), every signer and CSR approval in the cluster");
    public static readonly TextFormat NamespaceAdminScope = new("every Secret and role in namespace {0}");
    public static readonly TextFormat ClusterAdminTitleOne = new("{0} has cluster-admin through {1} {2}");
    public static readonly TextFormat ClusterAdminTitleMany = new("{0} have cluster-admin through {1} {2}");
    public static readonly TextFormat ClusterAdminDetail = new("cluster-admin grants '*' on everything: {0}. Only the superuser groups (system:masters, kubeadm:cluster-admins) hold it by default.");
    public static readonly TextFormat ClusterAdminAlternative = new("bind a narrower role");
    public static readonly TextFormat MissingRoleTitle = new("{0} {1} references {2}, which does not exist");
    public static readonly TextFormat MissingRoleDetail = new("The binding grants nothing today, but whoever creates {0} decides what its subjects ({1}) may do.");
    public static readonly TextFormat MissingRoleFix = new("Delete the binding if nothing needs it: kubectl delete {0} {1}{2}; or create the role it should reference.");
    public static readonly TextFormat NoNamespace = new("namespace {0} does not exist");
    public static readonly TextFormat NoServiceAccount = new("there is no ServiceAccount {0} in namespace {1}");
    public static readonly TextFormat MissingServiceAccountTitle = new("{0} {1} grants {2} {3} to ServiceAccount {4}/{5}, but {6}");
    public static readonly TextFormat MissingServiceAccountDetail = new("Whoever can create a ServiceAccount named {0} in {1} gets the role's rights: {2}.");
    public static readonly TextFormat MissingNamespaceDetail = new("Whoever can create that namespace and a ServiceAccount named {0} in {1} gets the role's rights: {2}.");
    public static readonly TextFormat MissingServiceAccountAlternative = new("or create the ServiceAccount if it is meant to exist");
    public static readonly TextFormat NotCheckedTitle = new("{0} ServiceAccount subject(s) could not be checked for existence");
    public static readonly TextFormat NotCheckedDetail = new("The portal could not list ServiceAccounts: {0}. Bindings to ServiceAccounts that do not exist were not looked for.");
    public static readonly TextFormat NotCheckedFix = new("Let the portal's identity list serviceaccounts and namespaces (get/list) to run this check.");
    public static readonly TextFormat ApprovalTitle = new("{0} subject(s) besides kube-controller-manager may write CSR approvals");
    public static readonly TextFormat ApprovalDetail = new("update or patch on certificatesigningrequests/approval lets a subject approve CSRs; with approve on a signer it can hand out node and client identities. A person approving through this portal needs it too; keep the list to the people and tools meant to approve.");
    public static readonly TextFormat ApprovalDetailWithSigners = new("update or patch on certificatesigningrequests/approval lets a subject approve CSRs; with approve on a signer it can hand out node and client identities. These also hold approve on a signer: {0}. A person approving through this portal needs it too; keep the list to the people and tools meant to approve.");
    public static readonly TextFormat ApprovalFix = new("Remove the approval subresource from roles that do not need it, and unbind subjects that should not approve node identities.");
    public static readonly TextFormat NeverExpires = new("never expires");
    public static readonly TextFormat BoundByName = new("is bound by name in {0}");
    public static readonly TextFormat OverGranted = new("carries groups granted more than bootstrapping");
    public static readonly TextFormat TokenProblem = new("{0} {1}.");
    public static readonly TextFormat UserCredentialsTitle = new("{0} bootstrap token(s) look like user credentials");
    public static readonly TextFormat UserCredentialsDetail = new("Bootstrap tokens are meant for joining nodes: short-lived, carrying only bootstrap groups. {0}");
    public static readonly TextFormat UserCredentialsFix = new("Give people and tools their own credentials (OIDC, client certificates, ServiceAccount tokens); delete long-lived bootstrap tokens (kubeadm token delete <id>) and mint short-lived ones per node.");
    public static readonly TextFormat DeleteBindingFix = new("Delete the binding: kubectl delete {0} {1}{2} ({3}).");
    public static readonly TextFormat RemoveSubjectsFix = new("Remove {0} from the binding: kubectl edit {1} {2}{3} ({4}).");
}

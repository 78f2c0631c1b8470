namespace BootstrapPortal.Core.Text;

/// <summary>The sentences of CSR verdicts: every check, the auto-approval prediction, what a Node's reporting says.</summary>
public static class VerdictText
{
    // Every signer
    public static readonly TextFormat RequestUndecodable = new("The request cannot be decoded: {0}.");
    public static readonly TextFormat UnknownError = new("unknown error");
    public static readonly TextFormat ControllerCannotParse = new("kube-controller-manager cannot parse the request and will not approve it.");
    public static readonly TextFormat RequestDecodes = new("spec.request decodes as one PKCS#10 certificate request.");
    public static readonly TextFormat SignatureVerifies = new("The request's self-signature verifies, so the requester holds the private key.");
    public static readonly TextFormat SignatureInvalid = new("The request's self-signature does not verify ({0}).");
    public static readonly TextFormat InvalidSignature = new("invalid signature");
    public static readonly TextFormat UnknownSigner = new("The portal has no rules for signer \"{0}\"; check the request against that signer's own policy.");
    public static readonly TextFormat PortalLimit = new("the portal's limit");
    public static readonly TextFormat ServingPolicyLimit = new("the serving policy's limit");
    public static readonly TextFormat NoLifetimeRequested = new("No lifetime is requested, so the signer's default applies.");
    public static readonly TextFormat LifetimeExceeds = new("The requested lifetime {0} exceeds {1} of {2}.");
    public static readonly TextFormat LifetimeWithin = new("The requested lifetime {0} is within {1} of {2}.");

    // Auto-approval
    public static readonly TextFormat NeverAutoApprovesServing = new("kube-controller-manager never auto-approves kubelet serving certificates; a person or a policy approver must decide.");
    public static readonly TextFormat NotRecognisedAsKubeletClient = new("kube-controller-manager does not recognise it as a kubelet client certificate request and will not auto-approve it.");
    public static readonly TextFormat NeverAutoApprovesSigner = new("kube-controller-manager never auto-approves requests for this signer; a person must decide.");
    public static readonly TextFormat WouldAutoApprove = new("kube-controller-manager would auto-approve it as {0} ({1}).");
    public static readonly TextFormat ReviewWouldBeDenied = new("Recognised as [{0}] but the SubjectAccessReview would be denied: {1} may not create certificatesigningrequests/{2}, so kube-controller-manager leaves it pending.");
    public static readonly TextFormat DecidedByController = new("{0} by kube-controller-manager{1}{2}.");
    public static readonly TextFormat DecidedWithReason = new("{0} with reason {1}{2}{3}.");
    public static readonly TextFormat DecidedAt = new(" at {0}");
    public static readonly TextFormat ApiServerUnconfirmed = new("{0} (The API server could not confirm it: {1})");
    public static readonly TextFormat ApiServerAllows = new("The API server allows the {0} review ({1}): kube-controller-manager would auto-approve it.");
    public static readonly TextFormat ApiServerAllowsUnpredicted = new("The API server allows the {0} review ({1}): kube-controller-manager would auto-approve it. The portal's cached RBAC predicted otherwise.");
    public static readonly TextFormat ApiServerDenies = new("The API server denies every review ({0}): kube-controller-manager will leave it pending.");
    public static readonly TextFormat ApiServerDeniesUnpredicted = new("The API server denies every review ({0}): kube-controller-manager will leave it pending. The portal's cached RBAC predicted otherwise.");

    // Subject and usages of the kubelet signers
    public static readonly TextFormat OrganizationNodes = new("The subject organization is exactly [system:nodes], as the kubelet signers demand.");
    public static readonly TextFormat OrganizationNotNodes = new("The subject organization is {0}; the kubelet signers demand exactly [system:nodes].");
    public static readonly TextFormat CommonNameNamesNode = new("The common name {0} names node \"{1}\".");
    public static readonly TextFormat CommonNameNotNodeForm = new("The common name \"{0}\" does not have the form system:node:<node name> the kubelet signers demand.");
    public static readonly TextFormat UsagesExact = new("The usages {0} are exactly what this signer allows.");
    public static readonly TextFormat UsagesNotExact = new("The usages {0} are not exactly {1} (plus key encipherment for RSA keys).");

    // Kubelet client signer
    public static readonly TextFormat NoSans = new("The request has no subjectAltNames, as the kubelet client signer requires.");
    public static readonly TextFormat ClientSans = new("The request carries subjectAltNames ({0}); the kubelet client signer rejects any.");
    public static readonly TextFormat BootstrapRequester = new("Requested with a bootstrap token ({0}), the path of a first join.");
    public static readonly TextFormat NodeRenews = new("Node {0} renews its own client certificate.");
    public static readonly TextFormat NodeAsksForOther = new("Node {0} asks for a certificate for \"{1}\"; a renewal must name the requesting node itself.");
    public static readonly TextFormat OtherRequester = new("Requested by {0}, neither a bootstrap token nor the node itself: approving gives {0} a certificate that acts as node \"{1}\".");
    public static readonly TextFormat ABootstrapIdentity = new("A bootstrap identity ({0})");
    public static readonly TextFormat NoNodeDecided = new("No Node named \"{0}\" is registered, so the request did not take over an existing node.");
    public static readonly TextFormat NoNodeYet = new("No Node named \"{0}\" exists yet: this is a first join, not a takeover.");
    public static readonly TextFormat NodeTimesUnknown = new("Node \"{0}\" exists, but when it or the request was created is unknown, so a takeover cannot be ruled out.");
    public static readonly TextFormat NodeRegisteredWithThis = new("Node \"{0}\" registered at {1} with the certificate this request produced: the expected outcome of a join.");
    public static readonly TextFormat NodeRegisteredAfter = new("Node \"{0}\" was registered at {1}, after this request, so the request did not take over an existing node.");
    public static readonly TextFormat Rejoin = new("Node \"{0}\" has existed since {1} and {2}: a re-join after a reset looks like this; so does a takeover, so check the machine before approving.");
    public static readonly TextFormat RejoinDecided = new("Node \"{0}\" has existed since {1} and {2} when the request was decided: a re-join after a reset looks like this; so does a takeover, so check the machine before approving.");
    public static readonly TextFormat Takeover = new("{0} asks for the name of node \"{1}\", which has existed since {2} and {3}: approving lets the requester act as that node (node takeover).");
    public static readonly TextFormat TakeoverDecided = new("{0} asks for the name of node \"{1}\", which has existed since {2} and {3} when the request was decided: approving lets the requester act as that node (node takeover).");

    // How a Node reports
    public static readonly TextFormat NeverReported = new("it has never reported a Ready condition");
    public static readonly TextFormat NeverReportedSince = new("it has never reported a Ready condition since it was registered {0} before");
    public static readonly TextFormat JustRegistered = new("it registered moments before and has not reported yet");
    public static readonly TextFormat WasReadyThen = new("it was Ready then (it became {0} only afterwards)");
    public static readonly TextFormat NotReadyFor = new("it has been Ready={0} for {1}");
    public static readonly TextFormat NotReadyForOnly = new("it has been Ready={0} for only {1}");
    public static readonly TextFormat BecameReadyAfter = new("it was not Ready then: it became Ready only at {0}, after that");
    public static readonly TextFormat ReadySince = new("it was Ready then, reporting since {0}");
    public static readonly TextFormat ReadySinceBefore = new("it was Ready then, reporting since before");
    public static readonly TextFormat ReadyButQuiet = new("it is marked Ready but its last heartbeat was {0} ago");
    public static readonly TextFormat ReadyAndReported = new("it is Ready and reported {0} ago");

    // Kubelet serving signer
    public static readonly TextFormat ServingNeedsSans = new("A kubelet serving certificate needs at least one DNS or IP subjectAltName.");
    public static readonly TextFormat ServingEmailOrUri = new("The request carries email or URI subjectAltNames ({0}); the kubelet serving signer rejects them.");
    public static readonly TextFormat ServingSans = new("The request names {0} and {1}, and no email or URI.");
    public static readonly TextFormat OneDnsName = new("{0} DNS name");
    public static readonly TextFormat DnsNames = new("{0} DNS names");
    public static readonly TextFormat OneIpAddress = new("{0} IP address");
    public static readonly TextFormat IpAddresses = new("{0} IP addresses");
    public static readonly TextFormat ServingBySelf = new("Requested by node {0} itself (in group system:nodes).");
    public static readonly TextFormat ServingByOther = new("A serving certificate for \"{0}\" must be requested by that node itself (user {0} in group system:nodes); it was requested by {1}.");
    public static readonly TextFormat NodeNameMatches = new("Node name \"{0}\" matches the serving policy's pattern {1}.");
    public static readonly TextFormat NodeNameMismatch = new("Node name \"{0}\" does not match the serving policy's pattern {1}.");
    public static readonly TextFormat SanCounts = new("{0} (at most {1}) and {2} (at most {3})");
    public static readonly TextFormat SanCountWithin = new("The request has {0}, within the serving policy.");
    public static readonly TextFormat SanCountExceeds = new("The request has {0}: more than the serving policy allows.");
    public static readonly TextFormat NoIpToCheck = new("The request has no IP subjectAltName to check against the allowed prefixes.");
    public static readonly TextFormat IpsWithinPrefixes = new("Every IP subjectAltName lies within the serving policy's prefixes ({0}).");
    public static readonly TextFormat IpOutsidePrefixes = new("IP subjectAltName {0} lies outside the serving policy's prefixes ({1}).");
    public static readonly TextFormat NodeNotRegisteredRequired = new("Node \"{0}\" is not registered, and the serving policy grants serving certificates only to registered nodes.");
    public static readonly TextFormat NodeNotRegistered = new("Node \"{0}\" is not registered, so the requested names cannot be checked against its addresses.");
    public static readonly TextFormat NodeRegistered = new("Node \"{0}\" is registered.");
    public static readonly TextFormat DnsResolvedOnDecision = new("The serving policy resolves each DNS name when it decides (its dry run shows the answers); this page does not resolve them.");
    public static readonly TextFormat AddressesNotRequired = new("The serving policy does not require the subjectAltNames to be among the node's reported addresses.");
    public static readonly TextFormat NoAddresses = new("no addresses");
    public static readonly TextFormat SansAmongAddresses = new("Every subjectAltName is among node \"{0}\"'s reported addresses ({1}).");
    public static readonly TextFormat SanNotAmongAddresses = new("subjectAltName {0} is not among node \"{1}\"'s reported addresses ({2}).");
    public static readonly TextFormat DnsFailures = new("DNS name {0}.");
    public static readonly TextFormat DnsNoAddress = new("{0} resolves to no address");
    public static readonly TextFormat DnsTimedOut = new("{0} did not resolve within {1} s");
    public static readonly TextFormat DnsDoesNotResolve = new("{0} does not resolve ({1})");
    public static readonly TextFormat DnsResolves = new("Every DNS name resolves ({0}), and every IP subjectAltName is among the answers.");
    public static readonly TextFormat DnsIpMissing = new("IP subjectAltName {0} is not among the addresses the DNS names resolve to ({1}).");

    // Any other signer: the identity the subject claims
    public static readonly TextFormat ClientSigner = new("kube-apiserver accepts certificates of this signer as client credentials: the common name becomes the user and each organization a group.");
    public static readonly TextFormat ClientUsagesRefused = new("The usages {0} are not allowed for a client certificate: {1}.");
    public static readonly TextFormat ClientUsagesAllowed = new("The usages {0} are allowed for a client certificate.");
    public static readonly TextFormat ClientSansIgnored = new("kube-apiserver ignores subjectAltNames when it authenticates a client certificate ({0}).");
    public static readonly TextFormat BootstrapAsksOtherSigner = new("A bootstrap identity ({0}) asks signer {1} for a certificate: bootstrap tokens may only ask the kubelet signers, and a token holder must not mint itself other credentials.");
    public static readonly TextFormat NodeAsksOtherSigner = new("A node identity ({0}) asks signer {1} for a certificate: kubelets only use the kubelet signers, and a node must not mint itself other credentials.");
    public static readonly TextFormat RequesterNeither = new("Requested by {0}, neither a bootstrap token nor a node.");
    public static readonly TextFormat NoCommonNameUnauthenticated = new("The subject has no common name, so kube-apiserver will not authenticate the certificate.");
    public static readonly TextFormat NoCommonName = new("The subject has no common name, so it claims no user.");
    public static readonly TextFormat CommonNameOwnIdentity = new("The common name {0} is the requester's own identity.");
    public static readonly TextFormat CommonNameReserved = new("The common name claims {0} ({1}), which {2} cannot be given: approving lets the certificate act as it.");
    public static readonly TextFormat CommonNameBoundUser = new("The common name {0} is a user RBAC grants roles to ({1}): approving lets the holder act as {0}, so confirm the request comes from them.");
    public static readonly TextFormat CommonNameOwnName = new("The common name {0} is the requester's own name.");
    public static readonly TextFormat CommonNameUnbound = new("The common name {0} is not a Kubernetes system identity, and no RBAC binding names that user.");
    public static readonly TextFormat NoOrganization = new("The subject has no organization, so it claims no group.");
    public static readonly TextFormat ReservedGroup = new("The subject claims the reserved group {0}: approving puts the certificate in it.");
    public static readonly TextFormat ForeignGroup = new("The subject claims group {0}, which RBAC grants roles to ({1}) and which {2} is not in: approving adds the holder to it.");
    public static readonly TextFormat OrganizationsFine = new("The organizations {0} are not reserved groups, and none is a group RBAC grants roles to that the requester is not in.");

    // Reserved identities
    public static readonly TextFormat NodeIdentity = new("the identity of node {0}");
    public static readonly TextFormat ServiceAccount = new("service account {0}/{1}");
    public static readonly TextFormat AServiceAccountIdentity = new("a service-account identity");
    public static readonly TextFormat ABootstrapTokenIdentity = new("a bootstrap-token identity");
    public static readonly TextFormat ClusterAdministrator = new("the cluster administrator identity");
    public static readonly TextFormat AnonymousUser = new("the anonymous user");
    public static readonly TextFormat ApiServerIdentity = new("kube-apiserver's own identity");
    public static readonly TextFormat ControlPlaneComponent = new("the control-plane component {0}");
    public static readonly TextFormat ReservedUserName = new("a user name reserved for Kubernetes components");
    public static readonly TextFormat MastersGroup = new("system:masters (full cluster-admin that RBAC never checks)");
    public static readonly TextFormat NodesGroup = new("system:nodes (every node's privileges)");
    public static readonly TextFormat AuthenticatedGroup = new("system:authenticated (kube-apiserver adds it to every authenticated user itself)");
    public static readonly TextFormat BootstrapGroup = new("{0} (a bootstrap-token group)");
    public static readonly TextFormat ServiceAccountGroup = new("{0} (a service-account group)");
    public static readonly TextFormat KubernetesGroup = new("{0} (reserved for Kubernetes)");

    /// <summary><c>1 DNS name</c>, <c>2 DNS names</c>.</summary>
    public static PortalText DnsNameCount(int n) => (n == 1 ? OneDnsName : DnsNames).With(n);

    /// <summary><c>1 IP address</c>, <c>2 IP addresses</c>.</summary>
    public static PortalText IpAddressCount(int n) => (n == 1 ? OneIpAddress : IpAddresses).With(n);
}

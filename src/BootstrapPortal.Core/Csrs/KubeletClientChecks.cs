using BootstrapPortal.Core.Certificates;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// Checks of <c>kubernetes.io/kube-apiserver-client-kubelet</c> CSRs: the signer's subject, usage and SAN rules, who asked,
/// and — when anyone but the node itself asks for a node's name — whether that takes over a node that already existed.
/// </summary>
internal static class KubeletClientChecks
{
    private static readonly string[] Usages = ["client auth", "digital signature", "key encipherment"];
    private static readonly string[] UsagesNoRsa = ["client auth", "digital signature"];

    public static void Add(CsrView view, CsrVerdictContext context, DateTimeOffset asOf, bool decided, List<CsrCheck> checks)
    {
        NodeSubjectChecks.Add(view, Usages, UsagesNoRsa, checks);
        var sans = view.SubjectAlternativeNames;
        checks.Add(sans.DnsNames.Count + sans.IpAddresses.Count + sans.EmailAddresses.Count + sans.Uris.Count == 0
            ? CsrCheck.Pass(CsrCheckIds.SubjectAltNames, "The request has no subjectAltNames, as the kubelet client signer requires.")
            : CsrCheck.Fail(CsrCheckIds.SubjectAltNames,
                $"The request carries subjectAltNames ({CsrCheckText.Sans(sans)}); the kubelet client signer rejects any."));

        var bootstrap = RequesterIdentity.IsBootstrap(view.Username, view.Groups);
        if (bootstrap)
        {
            checks.Add(CsrCheck.Pass(CsrCheckIds.Requester, $"Requested with a bootstrap token ({view.Username}), the path of a first join."));
        }
        else if (view.Username.StartsWith(KubeletCsrRules.NodeUserPrefix, StringComparison.Ordinal))
        {
            checks.Add(string.Equals(view.Username, view.CommonName, StringComparison.Ordinal)
                ? CsrCheck.Pass(CsrCheckIds.Requester, $"Node {view.Username} renews its own client certificate.")
                : CsrCheck.Fail(CsrCheckIds.Requester,
                    $"Node {view.Username} asks for a certificate for \"{view.CommonName}\"; a renewal must name the requesting node itself."));
            return;
        }
        else
        {
            checks.Add(CsrCheck.Warn(CsrCheckIds.Requester,
                $"Requested by {view.Username}, neither a bootstrap token nor the node itself: approving gives {view.Username} a certificate that acts as node \"{view.NodeName}\"."));
        }

        if (view.NodeName is not null)
        {
            checks.Add(NodeTakeover(view, context, asOf, decided, bootstrap ? $"A bootstrap identity ({view.Username})" : view.Username));
        }
    }

    private static CsrCheck NodeTakeover(CsrView view, CsrVerdictContext context, DateTimeOffset asOf, bool decided, string who)
    {
        var name = view.NodeName!;
        var node = context.FindNodeFacts(name);
        if (node is null)
        {
            return CsrCheck.Pass(CsrCheckIds.NodeTakeover, decided
                ? $"No Node named \"{name}\" is registered, so the request did not take over an existing node."
                : $"No Node named \"{name}\" exists yet: this is a first join, not a takeover.");
        }

        if (node.CreatedAt is not { } nodeCreated || view.CreatedAt is not { } requested)
        {
            return CsrCheck.Warn(CsrCheckIds.NodeTakeover,
                $"Node \"{name}\" exists, but when it or the request was created is unknown, so a takeover cannot be ruled out.");
        }

        if (nodeCreated >= requested)
        {
            return CsrCheck.Pass(CsrCheckIds.NodeTakeover, context.History.RegisteredWith(view, name, nodeCreated)
                ? $"Node \"{name}\" registered at {CsrCheckText.Instant(nodeCreated)} with the certificate this request produced: the expected outcome of a join."
                : $"Node \"{name}\" was registered at {CsrCheckText.Instant(nodeCreated)}, after this request, so the request did not take over an existing node.");
        }

        var (stopped, description) = node.Reporting(asOf, context.RejoinNotReadyAfter, historical: decided);
        var when = decided ? " when the request was decided" : string.Empty;
        return stopped
            ? CsrCheck.Warn(CsrCheckIds.NodeTakeover,
                $"Node \"{name}\" has existed since {CsrCheckText.Instant(nodeCreated)} and {description}{when}: a re-join after a reset looks like this; so does a takeover, so check the machine before approving.")
            : CsrCheck.Fail(CsrCheckIds.NodeTakeover,
                $"{who} asks for the name of node \"{name}\", which has existed since {CsrCheckText.Instant(nodeCreated)} and {description}{when}: approving lets the requester act as that node (node takeover).");
    }
}

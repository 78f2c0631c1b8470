using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Core.Text;

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
            ? CsrCheck.Pass(CsrCheckIds.SubjectAltNames, VerdictText.NoSans.Text)
            : CsrCheck.Fail(CsrCheckIds.SubjectAltNames, VerdictText.ClientSans.With(CsrCheckText.Sans(sans))));

        var bootstrap = RequesterIdentity.IsBootstrap(view.Username, view.Groups);
        if (bootstrap)
        {
            checks.Add(CsrCheck.Pass(CsrCheckIds.Requester, VerdictText.BootstrapRequester.With(view.Username)));
        }
        else if (view.Username.StartsWith(KubeletCsrRules.NodeUserPrefix, StringComparison.Ordinal))
        {
            checks.Add(string.Equals(view.Username, view.CommonName, StringComparison.Ordinal)
                ? CsrCheck.Pass(CsrCheckIds.Requester, VerdictText.NodeRenews.With(view.Username))
                : CsrCheck.Fail(CsrCheckIds.Requester, VerdictText.NodeAsksForOther.With(view.Username, view.CommonName ?? string.Empty)));
            return;
        }
        else
        {
            checks.Add(CsrCheck.Warn(CsrCheckIds.Requester, VerdictText.OtherRequester.With(view.Username, view.NodeName ?? string.Empty)));
        }

        if (view.NodeName is not null)
        {
            checks.Add(NodeTakeover(view, context, asOf, decided, bootstrap ? VerdictText.ABootstrapIdentity.With(view.Username) : CommonText.Plain(view.Username)));
        }
    }

    private static CsrCheck NodeTakeover(CsrView view, CsrVerdictContext context, DateTimeOffset asOf, bool decided, PortalText who)
    {
        var name = view.NodeName!;
        var node = context.FindNodeFacts(name);
        if (node is null)
        {
            return CsrCheck.Pass(CsrCheckIds.NodeTakeover, (decided ? VerdictText.NoNodeDecided : VerdictText.NoNodeYet).With(name));
        }

        if (node.CreatedAt is not { } nodeCreated || view.CreatedAt is not { } requested)
        {
            return CsrCheck.Warn(CsrCheckIds.NodeTakeover, VerdictText.NodeTimesUnknown.With(name));
        }

        if (nodeCreated >= requested)
        {
            return CsrCheck.Pass(CsrCheckIds.NodeTakeover, (context.History.RegisteredWith(view, name, nodeCreated)
                ? VerdictText.NodeRegisteredWithThis : VerdictText.NodeRegisteredAfter).With(name, CsrCheckText.Instant(nodeCreated)));
        }

        var (stopped, description) = node.Reporting(asOf, context.RejoinNotReadyAfter, historical: decided);
        var since = CsrCheckText.Instant(nodeCreated);
        return stopped
            ? CsrCheck.Warn(CsrCheckIds.NodeTakeover, (decided ? VerdictText.RejoinDecided : VerdictText.Rejoin).With(name, since, description))
            : CsrCheck.Fail(CsrCheckIds.NodeTakeover, (decided ? VerdictText.TakeoverDecided : VerdictText.Takeover).With(who, name, since, description));
    }
}

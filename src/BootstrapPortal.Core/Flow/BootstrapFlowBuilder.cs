using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Ledger;
using BootstrapPortal.Core.Text;
using BootstrapPortal.Core.Tokens;
using k8s.Models;

namespace BootstrapPortal.Core.Flow;

/// <summary>
/// Works out, per node, how far the bootstrap flow got and what blocks it: a pure function of the cached tokens, the CSRs
/// with their verdicts, the Nodes and the ledger's board. A node is any name that a Node, a kubelet client CSR
/// (<c>CN=system:node:&lt;name&gt;</c>) or a token minted for a node carries. Built to be right both ways: a node that
/// joined and renews on time has no blocker, and waiting that is normal (a token nobody used yet, a CSR seconds old) is not
/// called stuck.
/// </summary>
public static class BootstrapFlowBuilder
{
    public static IReadOnlyList<NodeFlow> Build(
        IReadOnlyList<BootstrapTokenInfo> tokens,
        IReadOnlyList<CsrEntry> csrs,
        IReadOnlyCollection<V1Node> nodes,
        NodeBoard board,
        DateTimeOffset now,
        FlowThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(csrs);
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(board);
        ArgumentNullException.ThrowIfNull(thresholds);

        var nodesByName = new Dictionary<string, V1Node>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (node?.Metadata?.Name is { Length: > 0 } name)
            {
                nodesByName[name] = node;
            }
        }

        var clientCsrs = new Dictionary<string, List<CsrEntry>>(StringComparer.Ordinal);
        var servingCsrs = new Dictionary<string, List<CsrEntry>>(StringComparer.Ordinal);
        foreach (var entry in csrs)
        {
            if (entry?.View.NodeName is not { Length: > 0 } nodeName)
            {
                continue;
            }

            var target = entry.View.SignerName switch
            {
                KubernetesSignerNames.KubeApiServerClientKubelet => clientCsrs,
                KubernetesSignerNames.KubeletServing => servingCsrs,
                _ => null,
            };
            if (target is not null)
            {
                if (!target.TryGetValue(nodeName, out var list))
                {
                    target[nodeName] = list = [];
                }

                list.Add(entry);
            }
        }

        var tokensById = new Dictionary<string, BootstrapTokenInfo>(StringComparer.Ordinal);
        var tokensByNode = new Dictionary<string, BootstrapTokenInfo>(StringComparer.Ordinal);
        foreach (var token in tokens)
        {
            tokensById.TryAdd(token.Id, token);
            if (token.NodeName is { Length: > 0 } forNode
                && (!tokensByNode.TryGetValue(forNode, out var seen) || (token.CreatedAt ?? DateTimeOffset.MinValue) > (seen.CreatedAt ?? DateTimeOffset.MinValue)))
            {
                tokensByNode[forNode] = token;
            }
        }

        var names = new SortedSet<string>(nodesByName.Keys, StringComparer.Ordinal);
        names.UnionWith(clientCsrs.Keys);
        names.UnionWith(tokensByNode.Keys);

        var flows = new List<NodeFlow>(names.Count);
        foreach (var name in names)
        {
            var facts = new NodeInputs(
                name,
                nodesByName.GetValueOrDefault(name),
                board.Find(name),
                clientCsrs.GetValueOrDefault(name) ?? [],
                servingCsrs.GetValueOrDefault(name) ?? [],
                tokensByNode.GetValueOrDefault(name),
                tokensById);
            flows.Add(Evaluate(facts, now, thresholds));
        }

        return flows;
    }

    private static NodeFlow Evaluate(NodeInputs n, DateTimeOffset now, FlowThresholds thresholds)
    {
        var bootstrapUser = BootstrapTokenFormat.UserPrefix;
        var nodeUser = BootstrapTokenInventory.NodeUserPrefix + n.Name;
        var bootstrapCsr = Latest(n.ClientCsrs.Where(e => e.View.Username.StartsWith(bootstrapUser, StringComparison.Ordinal)));
        var renewals = n.ClientCsrs.Where(e => string.Equals(e.View.Username, nodeUser, StringComparison.Ordinal)).ToArray();
        var issuedRenewal = Latest(renewals.Where(e => e.View.State == CsrState.Issued));
        var pendingRenewal = Latest(renewals.Where(e => e.View.IsPending));

        var tokenId = bootstrapCsr is not null ? bootstrapCsr.View.Username[bootstrapUser.Length..] : n.Row?.JoinedWithToken ?? n.TokenForNode?.Id;
        var token = tokenId is not null && n.TokensById.TryGetValue(tokenId, out var t) ? t : n.TokenForNode;

        var times = new DateTimeOffset?[6];
        times[(int)BootstrapStage.Token] = token?.CreatedAt;
        times[(int)BootstrapStage.CsrCreated] = bootstrapCsr?.View.CreatedAt;
        times[(int)BootstrapStage.Approved] = bootstrapCsr?.View.Decision is { Type: "Approved" } ? bootstrapCsr.View.DecidedAt : null;
        times[(int)BootstrapStage.CertificateIssued] = bootstrapCsr is null ? null : IssuedAt(bootstrapCsr.View);

        BootstrapStage stage;
        FlowBlocker? blocker;
        var renewing = false;
        if (n.Node is not null)
        {
            times[(int)BootstrapStage.Registered] = Timestamp(n.Node.Metadata?.CreationTimestamp);
            var renewedAt = RenewedAt(n, issuedRenewal, times[(int)BootstrapStage.Registered]);

            // A renewal CSR by the node's own identity (system:node:<name>, not a bootstrap token) puts the node at the renewal
            // step while it waits: it has joined, and what happens next is the renewal's approval and signing. Since then is
            // when it asked; a stuck renewal is blocked there.
            renewing = pendingRenewal is not null;
            times[(int)BootstrapStage.Renewed] = renewing ? pendingRenewal!.View.CreatedAt ?? renewedAt : renewedAt;
            stage = renewedAt is not null || renewing ? BootstrapStage.Renewed : BootstrapStage.Registered;
            blocker = RunningBlocker(n, pendingRenewal, now, thresholds);
        }
        else
        {
            (stage, blocker) = JoiningStage(n, token, bootstrapCsr, now, thresholds);
        }

        var steps = Enum.GetValues<BootstrapStage>()
            .Select(s => new FlowStep(
                s,
                s < stage ? FlowStepState.Done : s > stage ? FlowStepState.Ahead : blocker is { Severity: FlowBlockerSeverity.Blocked } ? FlowStepState.Blocked : FlowStepState.Current,
                s <= stage ? times[(int)s] : null)
            {
                Removed = s < stage && WasRemoved(s, token, bootstrapCsr),
            })
            .ToArray();
        return new NodeFlow(n.Name, stage, times[(int)stage], blocker, steps, token?.Id ?? tokenId, bootstrapCsr?.Name,
            (pendingRenewal ?? issuedRenewal)?.Name, n.Node is not null)
        {
            RenewalPending = renewing,
        };
    }

    /// <summary>
    /// Whether a passed step's object is gone, as Kubernetes removes them once used: tokencleaner deletes expired bootstrap
    /// tokens (k/k pkg/controller/bootstrap/tokencleaner.go), people delete a token once the node joined, and csrcleaner
    /// deletes approved or issued CSRs after an hour (k/k pkg/controller/certificates/cleaner/cleaner.go). Healthy: the
    /// later steps on record show the step happened.
    /// </summary>
    private static bool WasRemoved(BootstrapStage stage, BootstrapTokenInfo? token, CsrEntry? bootstrapCsr) => stage switch
    {
        BootstrapStage.Token => token is null,
        BootstrapStage.CsrCreated or BootstrapStage.Approved or BootstrapStage.CertificateIssued => bootstrapCsr is null,
        _ => false,
    };

    /// <summary>Before the Node exists: the furthest of token, CSR created, approved, issued, and what keeps it there.</summary>
    private static (BootstrapStage Stage, FlowBlocker? Blocker) JoiningStage(NodeInputs n, BootstrapTokenInfo? token, CsrEntry? csr, DateTimeOffset now,
        FlowThresholds thresholds)
    {
        if (csr is null)
        {
            return (BootstrapStage.Token, TokenBlocker(token, now));
        }

        var view = csr.View;
        var age = view.AgeAt(now) ?? TimeSpan.Zero;
        switch (view.State)
        {
            case CsrState.Issued:
                var issuedAt = IssuedAt(view);
                var waited = issuedAt is { } at ? now - at : TimeSpan.Zero;
                return (BootstrapStage.CertificateIssued, waited >= thresholds.RegisterAfter
                    ? new FlowBlocker(FlowBlockerSeverity.Blocked,
                        FlowText.IssuedNotRegistered.With(Ago(waited)),
                        view.Name)
                    : null);
            case CsrState.Approved:
                var approvedFor = view.DecidedAt is { } decided ? now - decided : age;
                return (BootstrapStage.Approved, approvedFor >= thresholds.ControllerStuckAfter
                    ? new FlowBlocker(FlowBlockerSeverity.Blocked,
                        FlowText.ApprovedNotIssued.With(Ago(approvedFor)),
                        view.Name)
                    : null);
            case CsrState.Denied:
                return (BootstrapStage.CsrCreated, new FlowBlocker(FlowBlockerSeverity.Blocked,
                    FlowText.Denied.With(By(view.Decision), Because(view.Decision)), view.Name));
            case CsrState.Failed:
                var failed = view.Conditions.FirstOrDefault(c => c.Type == "Failed");
                return (BootstrapStage.CsrCreated, new FlowBlocker(FlowBlockerSeverity.Blocked,
                    FlowText.SignerFailed.With(Because(failed)), view.Name));
            default:
                return (BootstrapStage.CsrCreated, PendingBlocker(csr, age, thresholds, FlowText.Csr.Text));
        }
    }

    private static FlowBlocker? TokenBlocker(BootstrapTokenInfo? token, DateTimeOffset now)
    {
        if (token is null)
        {
            return null;
        }

        return token.Status switch
        {
            TokenStatus.Expired => new FlowBlocker(FlowBlockerSeverity.Blocked,
                token.Expiration is { } e ? FlowText.TokenExpiredAgo.With(token.Id, Ago(now - e)) : FlowText.TokenExpired.With(token.Id)),
            TokenStatus.Invalid => new FlowBlocker(FlowBlockerSeverity.Blocked,
                FlowText.TokenMalformed.With(token.Id, token.InvalidReason ?? string.Empty)),
            TokenStatus.ExpiringSoon => new FlowBlocker(FlowBlockerSeverity.Attention,
                FlowText.TokenExpiresUnused.With(token.Id, Ago((token.Expiration ?? now) - now))),
            _ => null,
        };
    }

    /// <summary>A pending client CSR: normal for a short while; stuck when kube-controller-manager should have approved it, or when it needs a person.</summary>
    private static FlowBlocker? PendingBlocker(CsrEntry csr, TimeSpan age, FlowThresholds thresholds, PortalText what)
    {
        var auto = csr.Verdict.AutoApproval;
        if (auto.WouldAutoApprove)
        {
            return age >= thresholds.ControllerStuckAfter
                ? new FlowBlocker(FlowBlockerSeverity.Blocked,
                    FlowText.ControllerNotApproving.With(what, Ago(age)),
                    csr.Name)
                : null;
        }

        if (age < thresholds.ControllerStuckAfter)
        {
            return null;
        }

        var fail = csr.Verdict.FailTexts is { Count: > 0 } fails ? fails[0] : null;
        return new FlowBlocker(FlowBlockerSeverity.Blocked, fail is not null
            ? FlowText.PendingVerdictFails.With(what, Ago(age), fail)
            : FlowText.PendingForPerson.With(what, Ago(age)), csr.Name);
    }

    /// <summary>A registered node: a stuck renewal, an unhealthy client certificate, or a serving CSR waiting for a person.</summary>
    private static FlowBlocker? RunningBlocker(NodeInputs n, CsrEntry? pendingRenewal, DateTimeOffset now, FlowThresholds thresholds)
    {
        if (pendingRenewal is not null)
        {
            var age = pendingRenewal.View.AgeAt(now) ?? TimeSpan.Zero;
            if (age >= thresholds.PersonPendingAfter && PendingBlocker(pendingRenewal, age, thresholds, FlowText.RenewalCsr.Text) is { } stuck)
            {
                return stuck;
            }
        }

        var client = n.Row?.Rotation.Reasons.FirstOrDefault(r => r.Kind == CertificateKind.Client && r.Severity == RotationStatus.Unhealthy);
        if (client is not null)
        {
            if (client.Issue is RotationIssue.RenewalOverdue && n.Row?.Client is { } cert && pendingRenewal is null)
            {
                return new FlowBlocker(FlowBlockerSeverity.Blocked,
                    FlowText.ClientExpiresNoRenewal.With(Ago(cert.NotAfter - now), NodeRotationHealth.Percent(cert.LifetimeUsed(now))));
            }

            return new FlowBlocker(FlowBlockerSeverity.Blocked, client.Text, n.Row?.ClientPending?.LatestName);
        }

        var serving = Latest(n.ServingCsrs.Where(e => e.View.IsPending));
        if (serving is not null)
        {
            var age = serving.View.AgeAt(now) ?? TimeSpan.Zero;
            if (age >= thresholds.PersonPendingAfter)
            {
                return new FlowBlocker(FlowBlockerSeverity.Attention,
                    FlowText.ServingPending.With(Ago(age)),
                    serving.Name);
            }
        }

        return null;
    }

    /// <summary>When the node's client certificate was last renewed by the node itself; null when it still uses its first one.</summary>
    private static DateTimeOffset? RenewedAt(NodeInputs n, CsrEntry? issuedRenewal, DateTimeOffset? registeredAt)
    {
        var fromCsr = issuedRenewal?.View.Certificate?.NotBefore ?? issuedRenewal?.View.DecidedAt;
        if (fromCsr is not null)
        {
            return fromCsr;
        }

        // The renewal CSR may be gone (kube-controller-manager's cleaner deletes issued CSRs after an hour); the ledger keeps
        // the certificate. A current client certificate issued well after the Node registered is a renewal.
        if (n.Row?.Client is { } current && registeredAt is { } registered && current.NotBefore - registered > TimeSpan.FromMinutes(10))
        {
            return current.NotBefore;
        }

        return null;
    }

    /// <summary>
    /// When the certificate was issued: its notBefore, but never before the approval (signers backdate notBefore by five
    /// minutes against clock skew, k/k pkg/controller/certificates/signer/signer.go).
    /// </summary>
    private static DateTimeOffset? IssuedAt(CsrView view)
    {
        var notBefore = view.Certificate?.NotBefore;
        var approved = view.Decision is { Type: "Approved" } ? view.DecidedAt : null;
        return notBefore is { } nb && approved is { } ap ? (nb > ap ? nb : ap) : notBefore ?? approved;
    }

    private static CsrEntry? Latest(IEnumerable<CsrEntry> entries) =>
        entries.OrderByDescending(e => e.View.CreatedAt ?? DateTimeOffset.MinValue).ThenBy(e => e.Name, StringComparer.Ordinal).FirstOrDefault();

    private static DateTimeOffset? Timestamp(DateTime? value) => value is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;

    private static TextDuration Ago(TimeSpan span) => TextDuration.Compact(span);

    private static string By(CsrConditionView? decision) =>
        decision?.Reason is { Length: > 0 } reason ? $" ({reason})" : string.Empty;

    private static string Because(CsrConditionView? condition) =>
        condition?.Message is { Length: > 0 } message ? ": " + message.TrimEnd('.') : string.Empty;

    private sealed record NodeInputs(
        string Name,
        V1Node? Node,
        NodeCertificateRow? Row,
        IReadOnlyList<CsrEntry> ClientCsrs,
        IReadOnlyList<CsrEntry> ServingCsrs,
        BootstrapTokenInfo? TokenForNode,
        IReadOnlyDictionary<string, BootstrapTokenInfo> TokensById);
}

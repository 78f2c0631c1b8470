using System.Globalization;
using System.Net;
using BootstrapPortal.Core.Text;

namespace BootstrapPortal.Core.Csrs.Serving;

/// <summary>
/// Decides a pending serving CSR by the serving policy: Deny when its verdict fails, Leave (for a person) when it warns,
/// otherwise — when the policy resolves DNS names — each DNS subjectAltName must resolve within the timeout and every IP
/// subjectAltName must be among the answers (as kubelet-csr-approver checks), then Approve. Used by the approver and the dry run.
/// </summary>
public sealed class ServingPolicyEvaluator
{
    private readonly IHostAddressResolver _resolver;

    public ServingPolicyEvaluator(IHostAddressResolver resolver) => _resolver = resolver ?? throw new ArgumentNullException(nameof(resolver));

    /// <param name="view">The CSR.</param>
    /// <param name="verdict">Its verdict, judged with <paramref name="rules"/>.</param>
    /// <param name="rules">The policy deciding.</param>
    /// <param name="cancellationToken">Cancels the DNS lookups.</param>
    public async Task<ServingPolicyOutcome> DecideAsync(CsrView view, CsrVerdict verdict, ServingPolicyRules rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(rules);
        var checks = verdict.Checks.ToList();
        if (verdict.Result == CsrVerdictResult.Fail)
        {
            return Outcome(view, ServingDecision.Deny, checks, CsrCheckResult.Fail);
        }

        if (verdict.Result == CsrVerdictResult.Warn)
        {
            return Outcome(view, ServingDecision.Leave, checks, CsrCheckResult.Warn);
        }

        if (rules.Policy.ResolveDnsNames && view.SubjectAlternativeNames.DnsNames.Count > 0)
        {
            checks.RemoveAll(c => c.Id == CsrCheckIds.DnsResolution);
            checks.Add(await ResolveAsync(view, rules.DnsTimeout, cancellationToken));
            if (checks[^1].Result == CsrCheckResult.Fail)
            {
                return Outcome(view, ServingDecision.Deny, checks, CsrCheckResult.Fail);
            }
        }

        return Outcome(view, ServingDecision.Approve, checks, CsrCheckResult.Pass);
    }

    private async Task<CsrCheck> ResolveAsync(CsrView view, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var resolved = new HashSet<IPAddress>();
        var failures = new List<PortalText>();
        foreach (var name in view.SubjectAlternativeNames.DnsNames)
        {
            using var lookup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            lookup.CancelAfter(timeout);
            try
            {
                var addresses = await _resolver.ResolveAsync(name, lookup.Token).WaitAsync(timeout, cancellationToken);
                if (addresses.Count == 0)
                {
                    failures.Add(VerdictText.DnsNoAddress.With(name));
                }

                foreach (var address in addresses)
                {
                    resolved.Add(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
                }
            }
            catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                failures.Add(VerdictText.DnsTimedOut.With(name, timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)));
            }
            catch (System.Net.Sockets.SocketException ex)
            {
                failures.Add(VerdictText.DnsDoesNotResolve.With(name, ex.SocketErrorCode.ToString()));
            }
        }

        if (failures.Count > 0)
        {
            return CsrCheck.Fail(CsrCheckIds.DnsResolution, VerdictText.DnsFailures.With(TextList.Of("; ", failures)));
        }

        var missing = view.SubjectAlternativeNames.IpAddresses
            .Where(ip => !IPAddress.TryParse(ip, out var parsed) || !resolved.Contains(parsed.IsIPv4MappedToIPv6 ? parsed.MapToIPv4() : parsed))
            .ToArray();
        var answers = string.Join(", ", resolved.Select(a => a.ToString()).Order(StringComparer.Ordinal));
        return missing.Length == 0
            ? CsrCheck.Pass(CsrCheckIds.DnsResolution, VerdictText.DnsResolves.With(answers))
            : CsrCheck.Fail(CsrCheckIds.DnsResolution, VerdictText.DnsIpMissing.With(string.Join(", ", missing), answers));
    }

    private static ServingPolicyOutcome Outcome(CsrView view, ServingDecision decision, IReadOnlyList<CsrCheck> checks, CsrCheckResult cite)
    {
        var reasons = checks.Where(c => c.Result == cite).Select(c => c.Cited).ToArray();
        return new ServingPolicyOutcome(view.Name, view.NodeName, decision, reasons, checks);
    }
}

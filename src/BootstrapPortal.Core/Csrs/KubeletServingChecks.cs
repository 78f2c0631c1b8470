using System.Net;
using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Core.Text;
using k8s.Models;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// Checks of <c>kubernetes.io/kubelet-serving</c> CSRs: the signer's subject and usage rules, requested by the node itself,
/// and the rules of the serving policy (<see cref="CsrVerdictContext.Serving"/>): node-name pattern, SAN counts, allowed IP
/// prefixes, SANs among the Node's reported addresses, registered nodes only. DNS resolution is not part of the verdict (it
/// needs the network); the policy approver and its dry run add it.
/// </summary>
internal static class KubeletServingChecks
{
    private static readonly string[] Usages = ["digital signature", "key encipherment", "server auth"];
    private static readonly string[] UsagesNoRsa = ["digital signature", "server auth"];

    public static void Add(CsrView view, CsrVerdictContext context, List<CsrCheck> checks)
    {
        NodeSubjectChecks.Add(view, Usages, UsagesNoRsa, checks);
        var sans = view.SubjectAlternativeNames;
        if (sans.DnsNames.Count == 0 && sans.IpAddresses.Count == 0)
        {
            checks.Add(CsrCheck.Fail(CsrCheckIds.SubjectAltNames, VerdictText.ServingNeedsSans.Text));
        }
        else if (sans.EmailAddresses.Count > 0 || sans.Uris.Count > 0)
        {
            checks.Add(CsrCheck.Fail(CsrCheckIds.SubjectAltNames, VerdictText.ServingEmailOrUri.With(CsrCheckText.Sans(sans))));
        }
        else
        {
            checks.Add(CsrCheck.Pass(CsrCheckIds.SubjectAltNames,
                VerdictText.ServingSans.With(VerdictText.DnsNameCount(sans.DnsNames.Count), VerdictText.IpAddressCount(sans.IpAddresses.Count))));
        }

        checks.Add(string.Equals(view.Username, view.CommonName, StringComparison.Ordinal) && view.Groups.Contains(KubeletCsrRules.NodesGroup, StringComparer.Ordinal)
            ? CsrCheck.Pass(CsrCheckIds.Requester, VerdictText.ServingBySelf.With(view.Username))
            : CsrCheck.Fail(CsrCheckIds.Requester, VerdictText.ServingByOther.With(view.CommonName ?? string.Empty, view.Username)));

        if (view.NodeName is not { } name)
        {
            return;
        }

        var rules = context.Serving;
        var policy = rules.Policy;
        if (rules.NodeName is not null)
        {
            checks.Add(rules.NodeNameMatches(name)
                ? CsrCheck.Pass(CsrCheckIds.NodeNamePattern, VerdictText.NodeNameMatches.With(name, policy.NodeNamePattern ?? string.Empty))
                : CsrCheck.Fail(CsrCheckIds.NodeNamePattern, VerdictText.NodeNameMismatch.With(name, policy.NodeNamePattern ?? string.Empty)));
        }

        var counts = VerdictText.SanCounts.With(VerdictText.DnsNameCount(sans.DnsNames.Count), policy.MaxDnsNames,
            VerdictText.IpAddressCount(sans.IpAddresses.Count), policy.MaxIpAddresses);
        checks.Add(sans.DnsNames.Count <= policy.MaxDnsNames && sans.IpAddresses.Count <= policy.MaxIpAddresses
            ? CsrCheck.Pass(CsrCheckIds.SanCount, VerdictText.SanCountWithin.With(counts))
            : CsrCheck.Fail(CsrCheckIds.SanCount, VerdictText.SanCountExceeds.With(counts)));

        if (rules.Prefixes.Count > 0)
        {
            var outside = sans.IpAddresses.Where(ip => !IPAddress.TryParse(ip, out var parsed) || !rules.AddressAllowed(parsed)).ToArray();
            var allowed = string.Join(", ", policy.AllowedIpPrefixes);
            checks.Add(outside.Length == 0
                ? CsrCheck.Pass(CsrCheckIds.IpPrefixes, sans.IpAddresses.Count == 0
                    ? VerdictText.NoIpToCheck.Text
                    : VerdictText.IpsWithinPrefixes.With(allowed))
                : CsrCheck.Fail(CsrCheckIds.IpPrefixes, VerdictText.IpOutsidePrefixes.With(string.Join(", ", outside), allowed)));
        }

        var node = context.FindNode(name);
        if (node is null)
        {
            checks.Add(policy.OnlyExistingNodes
                ? CsrCheck.Fail(CsrCheckIds.NodeRegistered, VerdictText.NodeNotRegisteredRequired.With(name))
                : CsrCheck.Warn(CsrCheckIds.NodeRegistered, VerdictText.NodeNotRegistered.With(name)));
            return;
        }

        checks.Add(CsrCheck.Pass(CsrCheckIds.NodeRegistered, VerdictText.NodeRegistered.With(name)));
        checks.Add(AddressCheck(view, node, name, policy.SansWithinNodeAddresses));
        if (policy.ResolveDnsNames && sans.DnsNames.Count > 0)
        {
            checks.Add(CsrCheck.Info(CsrCheckIds.DnsResolution, VerdictText.DnsResolvedOnDecision.Text));
        }
    }

    private static CsrCheck AddressCheck(CsrView view, V1Node node, string name, bool required)
    {
        if (!required)
        {
            return CsrCheck.Info(CsrCheckIds.SansInNodeAddresses, VerdictText.AddressesNotRequired.Text);
        }

        var addresses = node.Status?.Addresses ?? [];
        var ips = new List<IPAddress>();
        var dns = new List<string>();
        foreach (var address in addresses.Where(a => !string.IsNullOrEmpty(a?.Address)))
        {
            switch (address.Type)
            {
                case "InternalIP" or "ExternalIP" when IPAddress.TryParse(address.Address, out var ip):
                    ips.Add(ip);
                    break;
                case "Hostname" when IPAddress.TryParse(address.Address, out var hostIp):
                    ips.Add(hostIp);
                    break;
                case "Hostname" or "InternalDNS" or "ExternalDNS":
                    dns.Add(address.Address);
                    break;
                default:
                    break;
            }
        }

        var known = string.Join(", ", addresses.Where(a => a is not null).Select(a => $"{a.Type} {a.Address}"));
        object shown = known.Length == 0 ? VerdictText.NoAddresses.Text : known;
        var outside = view.SubjectAlternativeNames.IpAddresses.Where(ip => !IPAddress.TryParse(ip, out var parsed) || !ips.Contains(parsed))
            .Concat(view.SubjectAlternativeNames.DnsNames.Where(d => !dns.Contains(d, StringComparer.OrdinalIgnoreCase)))
            .ToArray();
        return outside.Length == 0
            ? CsrCheck.Pass(CsrCheckIds.SansInNodeAddresses, VerdictText.SansAmongAddresses.With(name, shown))
            : CsrCheck.Fail(CsrCheckIds.SansInNodeAddresses, VerdictText.SanNotAmongAddresses.With(string.Join(", ", outside), name, shown));
    }
}

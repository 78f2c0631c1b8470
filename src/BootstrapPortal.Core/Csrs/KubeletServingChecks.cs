using System.Net;
using BootstrapPortal.Core.Certificates;
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
            checks.Add(CsrCheck.Fail(CsrCheckIds.SubjectAltNames, "A kubelet serving certificate needs at least one DNS or IP subjectAltName."));
        }
        else if (sans.EmailAddresses.Count > 0 || sans.Uris.Count > 0)
        {
            checks.Add(CsrCheck.Fail(CsrCheckIds.SubjectAltNames,
                $"The request carries email or URI subjectAltNames ({CsrCheckText.Sans(sans)}); the kubelet serving signer rejects them."));
        }
        else
        {
            checks.Add(CsrCheck.Pass(CsrCheckIds.SubjectAltNames,
                $"The request names {CsrCheckText.Count(sans.DnsNames.Count, "DNS name", "DNS names")} and {CsrCheckText.Count(sans.IpAddresses.Count, "IP address", "IP addresses")}, and no email or URI."));
        }

        checks.Add(string.Equals(view.Username, view.CommonName, StringComparison.Ordinal) && view.Groups.Contains(KubeletCsrRules.NodesGroup, StringComparer.Ordinal)
            ? CsrCheck.Pass(CsrCheckIds.Requester, $"Requested by node {view.Username} itself (in group system:nodes).")
            : CsrCheck.Fail(CsrCheckIds.Requester,
                $"A serving certificate for \"{view.CommonName}\" must be requested by that node itself (user {view.CommonName} in group system:nodes); it was requested by {view.Username}."));

        if (view.NodeName is not { } name)
        {
            return;
        }

        var rules = context.Serving;
        var policy = rules.Policy;
        if (rules.NodeName is not null)
        {
            checks.Add(rules.NodeNameMatches(name)
                ? CsrCheck.Pass(CsrCheckIds.NodeNamePattern, $"Node name \"{name}\" matches the serving policy's pattern {policy.NodeNamePattern}.")
                : CsrCheck.Fail(CsrCheckIds.NodeNamePattern, $"Node name \"{name}\" does not match the serving policy's pattern {policy.NodeNamePattern}."));
        }

        var counts = $"{CsrCheckText.Count(sans.DnsNames.Count, "DNS name", "DNS names")} (at most {policy.MaxDnsNames}) and {CsrCheckText.Count(sans.IpAddresses.Count, "IP address", "IP addresses")} (at most {policy.MaxIpAddresses})";
        checks.Add(sans.DnsNames.Count <= policy.MaxDnsNames && sans.IpAddresses.Count <= policy.MaxIpAddresses
            ? CsrCheck.Pass(CsrCheckIds.SanCount, $"The request has {counts}, within the serving policy.")
            : CsrCheck.Fail(CsrCheckIds.SanCount, $"The request has {counts}: more than the serving policy allows."));

        if (rules.Prefixes.Count > 0)
        {
            var outside = sans.IpAddresses.Where(ip => !IPAddress.TryParse(ip, out var parsed) || !rules.AddressAllowed(parsed)).ToArray();
            var allowed = string.Join(", ", policy.AllowedIpPrefixes);
            checks.Add(outside.Length == 0
                ? CsrCheck.Pass(CsrCheckIds.IpPrefixes, sans.IpAddresses.Count == 0
                    ? "The request has no IP subjectAltName to check against the allowed prefixes."
                    : $"Every IP subjectAltName lies within the serving policy's prefixes ({allowed}).")
                : CsrCheck.Fail(CsrCheckIds.IpPrefixes, $"IP subjectAltName {string.Join(", ", outside)} lies outside the serving policy's prefixes ({allowed})."));
        }

        var node = context.FindNode(name);
        if (node is null)
        {
            checks.Add(policy.OnlyExistingNodes
                ? CsrCheck.Fail(CsrCheckIds.NodeRegistered, $"Node \"{name}\" is not registered, and the serving policy grants serving certificates only to registered nodes.")
                : CsrCheck.Warn(CsrCheckIds.NodeRegistered, $"Node \"{name}\" is not registered, so the requested names cannot be checked against its addresses."));
            return;
        }

        checks.Add(CsrCheck.Pass(CsrCheckIds.NodeRegistered, $"Node \"{name}\" is registered."));
        checks.Add(AddressCheck(view, node, name, policy.SansWithinNodeAddresses));
        if (policy.ResolveDnsNames && sans.DnsNames.Count > 0)
        {
            checks.Add(CsrCheck.Info(CsrCheckIds.DnsResolution,
                "The serving policy resolves each DNS name when it decides (its dry run shows the answers); this page does not resolve them."));
        }
    }

    private static CsrCheck AddressCheck(CsrView view, V1Node node, string name, bool required)
    {
        if (!required)
        {
            return CsrCheck.Info(CsrCheckIds.SansInNodeAddresses, "The serving policy does not require the subjectAltNames to be among the node's reported addresses.");
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
        known = known.Length == 0 ? "no addresses" : known;
        var outside = view.SubjectAlternativeNames.IpAddresses.Where(ip => !IPAddress.TryParse(ip, out var parsed) || !ips.Contains(parsed))
            .Concat(view.SubjectAlternativeNames.DnsNames.Where(d => !dns.Contains(d, StringComparer.OrdinalIgnoreCase)))
            .ToArray();
        return outside.Length == 0
            ? CsrCheck.Pass(CsrCheckIds.SansInNodeAddresses, $"Every subjectAltName is among node \"{name}\"'s reported addresses ({known}).")
            : CsrCheck.Fail(CsrCheckIds.SansInNodeAddresses,
                $"subjectAltName {string.Join(", ", outside)} is not among node \"{name}\"'s reported addresses ({known}).");
    }
}

using System.Globalization;
using System.Text;
using BootstrapPortal.Core.Text;
using k8s.Models;

namespace BootstrapPortal.Core.Tokens;

/// <summary>
/// The pure transform behind <see cref="IBootstrapTokenService.List"/>: bootstrap token Secrets (plus CSRs and Nodes for
/// lineage) to <see cref="BootstrapTokenInfo"/> rows. Malformed Secrets become <see cref="TokenStatus.Invalid"/> rows with a
/// reason; nothing is dropped and nothing throws.
/// </summary>
public static class BootstrapTokenInventory
{
    public const string NodeUserPrefix = "system:node:";

    private static readonly HashSet<string> KnownKeys = new(StringComparer.Ordinal)
    {
        BootstrapTokenFormat.TokenIdKey, BootstrapTokenFormat.TokenSecretKey, BootstrapTokenFormat.ExpirationKey,
        BootstrapTokenFormat.DescriptionKey, BootstrapTokenFormat.ExtraGroupsKey,
    };

    /// <summary>Rows for every Secret, sorted by id then Secret name.</summary>
    public static IReadOnlyList<BootstrapTokenInfo> Build(
        IEnumerable<V1Secret> secrets,
        IEnumerable<V1CertificateSigningRequest> csrs,
        IEnumerable<V1Node> nodes,
        DateTimeOffset now,
        TimeSpan expiringSoonThreshold) => Build(secrets, Lineage.Create(csrs, nodes), now, expiringSoonThreshold);

    internal static IReadOnlyList<BootstrapTokenInfo> Build(IEnumerable<V1Secret> secrets, Lineage lineage, DateTimeOffset now, TimeSpan expiringSoonThreshold)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        return secrets
            .Select(s => Parse(s, now, expiringSoonThreshold, lineage))
            .OrderBy(t => t.Id, StringComparer.Ordinal)
            .ThenBy(t => t.SecretName, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>One Secret to one row, without lineage.</summary>
    public static BootstrapTokenInfo Parse(V1Secret secret, DateTimeOffset now, TimeSpan expiringSoonThreshold) =>
        Parse(secret, now, expiringSoonThreshold, Lineage.Empty);

    internal static BootstrapTokenInfo Parse(V1Secret secret, DateTimeOffset now, TimeSpan expiringSoonThreshold, Lineage lineage)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var problems = new List<PortalText>();
        var name = secret.Metadata?.Name ?? string.Empty;
        var data = secret.Data ?? new Dictionary<string, byte[]>();
        var nameMatch = BootstrapTokenFormat.SecretNamePattern().Match(name);
        var idFromName = nameMatch.Success ? nameMatch.Groups[1].Value : null;

        if (!string.Equals(secret.Type, BootstrapTokenFormat.SecretType, StringComparison.Ordinal))
        {
            problems.Add(TokenSecretText.WrongType.With(secret.Type ?? string.Empty, BootstrapTokenFormat.SecretType));
        }

        if (!nameMatch.Success)
        {
            problems.Add(TokenSecretText.WrongName.With(name));
        }

        if (secret.Data is null)
        {
            problems.Add(TokenSecretText.NoData.Text);
        }

        var tokenId = Text(data, BootstrapTokenFormat.TokenIdKey);
        if (tokenId is null)
        {
            problems.Add(TokenSecretText.KeyMissing.With(BootstrapTokenFormat.TokenIdKey));
        }
        else if (!BootstrapTokenFormat.TokenIdPattern().IsMatch(tokenId))
        {
            problems.Add(TokenSecretText.BadTokenId.With(BootstrapTokenFormat.TokenIdKey, tokenId));
        }
        else if (idFromName is not null && !string.Equals(tokenId, idFromName, StringComparison.Ordinal))
        {
            problems.Add(TokenSecretText.TokenIdMismatch.With(BootstrapTokenFormat.TokenIdKey, tokenId, idFromName));
        }

        // The secret's value is checked for shape only and never copied into the row.
        var tokenSecret = Text(data, BootstrapTokenFormat.TokenSecretKey);
        if (tokenSecret is null)
        {
            problems.Add(TokenSecretText.KeyMissing.With(BootstrapTokenFormat.TokenSecretKey));
        }
        else if (!BootstrapTokenFormat.TokenPattern().IsMatch("aaaaaa." + tokenSecret))
        {
            problems.Add(TokenSecretText.BadTokenSecret.With(BootstrapTokenFormat.TokenSecretKey));
        }

        DateTimeOffset? expiration = null;
        var expired = false;
        var expirationText = Text(data, BootstrapTokenFormat.ExpirationKey);
        if (!string.IsNullOrEmpty(expirationText))
        {
            if (BootstrapTokenAuthenticator.TryParseRfc3339(expirationText, out var parsed))
            {
                expiration = parsed;
                expired = parsed - now <= TimeSpan.Zero;
            }
            else
            {
                // k8s.io/cluster-bootstrap util/secrets/secrets.go: unparseable = expired for the API server; the portal also flags it.
                expired = true;
                problems.Add(TokenSecretText.BadExpiration.With(BootstrapTokenFormat.ExpirationKey, expirationText));
            }
        }

        var usages = new SortedSet<string>(StringComparer.Ordinal);
        var groups = new List<string>();
        foreach (var (key, value) in data)
        {
            if (key.StartsWith(BootstrapTokenFormat.UsagePrefix, StringComparison.Ordinal))
            {
                var usage = key[BootstrapTokenFormat.UsagePrefix.Length..];
                if (!BootstrapTokenUsages.Known.Contains(usage))
                {
                    problems.Add(TokenSecretText.UnknownUsage.With(key));
                }
                else if (string.Equals(Decode(value), "true", StringComparison.Ordinal))
                {
                    usages.Add(usage);
                }
            }
            else if (!KnownKeys.Contains(key))
            {
                problems.Add(TokenSecretText.UnknownKey.With(key));
            }
        }

        var extraGroups = Text(data, BootstrapTokenFormat.ExtraGroupsKey);
        if (!string.IsNullOrEmpty(extraGroups))
        {
            foreach (var group in extraGroups.Split(','))
            {
                groups.Add(group);
                if (!BootstrapTokenFormat.GroupPattern().IsMatch(group))
                {
                    problems.Add(TokenSecretText.BadExtraGroup.With(group, BootstrapTokenFormat.GroupPattern().ToString()));
                }
            }
        }

        var id = tokenId is not null && BootstrapTokenFormat.TokenIdPattern().IsMatch(tokenId) ? tokenId : idFromName ?? tokenId ?? name;
        var annotations = secret.Metadata?.Annotations;
        var labels = secret.Metadata?.Labels;
        var nodeName = annotations is not null && annotations.TryGetValue(PortalTokenMetadata.NodeNameAnnotation, out var n) && !string.IsNullOrEmpty(n) ? n : null;
        var oneTime = labels is not null && labels.TryGetValue(PortalTokenMetadata.OneTimeLabel, out var o) && string.Equals(o, "true", StringComparison.Ordinal);
        var description = Text(data, BootstrapTokenFormat.DescriptionKey);

        TokenStatus status;
        if (problems.Count > 0)
        {
            status = TokenStatus.Invalid;
        }
        else if (expired)
        {
            status = TokenStatus.Expired;
        }
        else if (expiration is null)
        {
            status = TokenStatus.NeverExpires;
        }
        else
        {
            status = expiration.Value - now <= expiringSoonThreshold ? TokenStatus.ExpiringSoon : TokenStatus.Valid;
        }

        var (usedBy, joined) = lineage.For(id);
        return new BootstrapTokenInfo(
            id,
            name,
            string.IsNullOrEmpty(description) ? null : description,
            expiration,
            [.. usages],
            groups,
            nodeName,
            oneTime,
            status,
            problems.Count > 0 ? string.Join("; ", problems) : null,
            secret.Metadata?.CreationTimestamp is { } created ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) : null,
            usedBy,
            joined)
        {
            InvalidReasonText = problems.Count > 0 ? CommonText.Verbatim.With(TextList.Of("; ", problems)) : null,
            DeletionRequestedAt = secret.Metadata?.DeletionTimestamp is { } deleting ? new DateTimeOffset(DateTime.SpecifyKind(deleting, DateTimeKind.Utc)) : null,
        };
    }

    /// <summary>RFC 3339 in UTC with whole seconds, as kubeadm writes <c>expiration</c>.</summary>
    public static string FormatExpiration(DateTimeOffset expiration) =>
        expiration.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string? Text(IDictionary<string, byte[]> data, string key) =>
        data.TryGetValue(key, out var bytes) && bytes is not null ? Decode(bytes) : null;

    private static string Decode(byte[]? bytes) => bytes is null ? string.Empty : Encoding.UTF8.GetString(bytes);

    /// <summary>CSRs per bootstrap user and the nodes that joined with them.</summary>
    internal sealed class Lineage
    {
        public static readonly Lineage Empty = new(new Dictionary<string, List<(string Csr, string? Node)>>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));

        private readonly Dictionary<string, List<(string Csr, string? Node)>> _byTokenId;
        private readonly HashSet<string> _nodes;

        private Lineage(Dictionary<string, List<(string Csr, string? Node)>> byTokenId, HashSet<string> nodes)
        {
            _byTokenId = byTokenId;
            _nodes = nodes;
        }

        public static Lineage Create(IEnumerable<V1CertificateSigningRequest>? csrs, IEnumerable<V1Node>? nodes) => Create(csrs, nodes, FactOf);

        /// <summary>As <see cref="Create(IEnumerable{V1CertificateSigningRequest}?, IEnumerable{V1Node}?)"/> with each CSR's fact from <paramref name="factOf"/> (a cache of <see cref="FactOf"/>).</summary>
        public static Lineage Create(IEnumerable<V1CertificateSigningRequest>? csrs, IEnumerable<V1Node>? nodes, Func<V1CertificateSigningRequest, CsrLineageFact?> factOf)
        {
            var byTokenId = new Dictionary<string, List<(string Csr, string? Node)>>(StringComparer.Ordinal);
            foreach (var csr in csrs ?? [])
            {
                if (factOf(csr) is not { } fact)
                {
                    continue;
                }

                var (id, node) = (fact.TokenId, fact.NodeName);
                if (!byTokenId.TryGetValue(id, out var list))
                {
                    byTokenId[id] = list = [];
                }

                list.Add((csr.Metadata?.Name ?? string.Empty, node));
            }

            var nodeNames = new HashSet<string>((nodes ?? []).Select(n => n.Metadata?.Name ?? string.Empty), StringComparer.Ordinal);
            return new Lineage(byTokenId, nodeNames);
        }

        /// <summary>The token a CSR was requested with and the node its CN names; null when not requested with a bootstrap token. Reads the request's CN (a DER parse).</summary>
        public static CsrLineageFact? FactOf(V1CertificateSigningRequest csr)
        {
            ArgumentNullException.ThrowIfNull(csr);
            var user = csr.Spec?.Username;
            if (user is null || !user.StartsWith(BootstrapTokenFormat.UserPrefix, StringComparison.Ordinal))
            {
                return null;
            }

            var cn = CsrCommonName.TryRead(csr.Spec?.Request);
            var node = cn is not null && cn.StartsWith(NodeUserPrefix, StringComparison.Ordinal) ? cn[NodeUserPrefix.Length..] : null;
            return new CsrLineageFact(user[BootstrapTokenFormat.UserPrefix.Length..], node);
        }

        public (IReadOnlyList<string> Csrs, IReadOnlyList<string> Nodes) For(string tokenId)
        {
            if (!_byTokenId.TryGetValue(tokenId, out var list))
            {
                return ([], []);
            }

            var csrs = list.Select(e => e.Csr).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            var joined = list.Where(e => e.Node is not null && _nodes.Contains(e.Node)).Select(e => e.Node!)
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            return (csrs, joined);
        }
    }
}

using System.Text;
using BootstrapPortal.Core.Certificates;
using k8s.Models;

namespace BootstrapPortal.Core.Csrs;

/// <summary>Builds <see cref="CsrView"/>s from CertificateSigningRequest objects. Pure; never throws for malformed content.</summary>
public static class CsrViews
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static CsrView Create(V1CertificateSigningRequest csr, CsrViewContext context)
    {
        ArgumentNullException.ThrowIfNull(csr);
        ArgumentNullException.ThrowIfNull(context);
        var spec = csr.Spec;
        var created = csr.Metadata?.CreationTimestamp is { } c ? new DateTimeOffset(DateTime.SpecifyKind(c, DateTimeKind.Utc)) : (DateTimeOffset?)null;

        var requestBytes = spec?.Request;
        DecodedCertificateRequest? request = null;
        string? requestError;
        if (requestBytes is null || requestBytes.Length == 0)
        {
            requestError = "spec.request is empty";
        }
        else
        {
            var decoded = CertificateRequestDecoder.Decode(requestBytes, PemParsing.KubeApiServer);
            request = decoded.Value;
            requestError = decoded.Error;
        }

        var certificateBytes = csr.Status?.Certificate;
        IReadOnlyList<DecodedCertificate> chain = [];
        string? certificateError = null;
        if (certificateBytes is { Length: > 0 })
        {
            var decoded = CertificateDecoder.Decode(certificateBytes, PemParsing.KubeApiServer);
            if (decoded.IsSuccess)
            {
                chain = decoded.Value.Certificates;
            }
            else
            {
                certificateError = decoded.Error;
            }
        }

        var leaf = chain.Count > 0 ? chain[0] : null;
        bool? chainsToCa = null;
        string? chainError = null;
        if (leaf is not null && !string.IsNullOrWhiteSpace(context.ClusterCaPem))
        {
            var check = leaf.ChainsTo(Encoding.ASCII.GetBytes(context.ClusterCaPem));
            if (check.IsSuccess)
            {
                chainsToCa = check.Value.ChainsTo;
            }
            else
            {
                chainError = check.Error;
            }
        }

        var commonName = request?.CommonName;
        var state = CertificateRequestStates.StateOf(csr);
        return new CsrView
        {
            Name = csr.Metadata?.Name ?? string.Empty,
            ObjectUid = csr.Metadata?.Uid,
            ResourceVersion = csr.Metadata?.ResourceVersion,
            CreatedAt = created,
            SignerName = spec?.SignerName ?? string.Empty,
            Username = spec?.Username ?? string.Empty,
            RequesterUid = spec?.Uid,
            Groups = [.. spec?.Groups ?? []],
            Extra = (spec?.Extra ?? new Dictionary<string, IList<string>>())
                .ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)[.. kv.Value ?? []], StringComparer.Ordinal),
            Usages = [.. spec?.Usages ?? []],
            ExpirationSeconds = spec?.ExpirationSeconds,
            State = state,
            ConditionText = ConditionText(csr),
            CommonName = commonName,
            NodeName = NodeNameOf(commonName),
            Organizations = request?.Organizations ?? [],
            SubjectAlternativeNames = request?.SubjectAlternativeNames ?? SubjectAlternativeNames.None,
            Request = request,
            RequestError = requestError,
            RequestPem = AsText(requestBytes),
            Certificate = leaf,
            CertificateChain = chain,
            CertificateError = certificateError,
            CertificatePem = AsText(certificateBytes),
            ChainsToClusterCa = chainsToCa,
            ChainCheckError = chainError,
            Conditions = [.. (csr.Status?.Conditions ?? []).Where(x => x is not null).Select(CsrConditionView.From)],
        };
    }

    /// <summary>The node a <c>system:node:&lt;name&gt;</c> identity or CN names; null for anything else.</summary>
    public static string? NodeNameOf(string? identity) =>
        identity is not null && identity.StartsWith(KubeletCsrRules.NodeUserPrefix, StringComparison.Ordinal) && identity.Length > KubeletCsrRules.NodeUserPrefix.Length
            ? identity[KubeletCsrRules.NodeUserPrefix.Length..]
            : null;

    /// <summary>kubectl's CONDITION column (k/k pkg/printers/internalversion/printers.go): Denied, Approved or Pending, then <c>,Failed</c> and <c>,Issued</c>.</summary>
    public static string ConditionText(V1CertificateSigningRequest csr)
    {
        ArgumentNullException.ThrowIfNull(csr);
        var conditions = csr.Status?.Conditions ?? [];
        var text = conditions.Any(c => c?.Type == "Denied") ? "Denied"
            : conditions.Any(c => c?.Type == "Approved") ? "Approved"
            : "Pending";
        if (conditions.Any(c => c?.Type == "Failed"))
        {
            text += ",Failed";
        }

        if (csr.Status?.Certificate is { Length: > 0 })
        {
            text += ",Issued";
        }

        return text;
    }

    private static string? AsText(byte[]? bytes)
    {
        if (bytes is null || bytes.Length == 0)
        {
            return null;
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}

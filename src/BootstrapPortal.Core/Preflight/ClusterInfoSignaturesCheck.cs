using System.Text;
using BootstrapPortal.Core.Text;
using BootstrapPortal.Core.Tokens;
using k8s.Models;

namespace BootstrapPortal.Core.Preflight;

/// <summary>
/// cluster-info carries a valid detached JWS for every token that may sign (k/k pkg/controller/bootstrap/bootstrapsigner.go
/// <c>validateSecretForSigning</c>), so <c>kubeadm join --token</c> can verify the CA it discovers. Signatures are verified
/// with the token secrets from the shared cache; no secret leaves the portal.
/// </summary>
public static class ClusterInfoSignaturesCheck
{
    public const string Id = "cluster-info-signatures";
    private static readonly PortalText Title = PreflightText.SignaturesTitle.Text;

    /// <summary>How long after a token's creation a missing signature is normal (the signer reacts to the Secret's event).</summary>
    public static readonly TimeSpan SignerGrace = TimeSpan.FromSeconds(30);

    private static readonly PortalText SignerFix = PreflightText.SignerFix.Text;

    public static PreflightCheck Evaluate(PreflightInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var kubeconfig = inputs.ClusterInfo?.Data?.TryGetValue(BootstrapTokenFormat.KubeconfigKey, out var k) == true ? k : null;
        if (kubeconfig is null)
        {
            return new PreflightCheck(Id, Title, inputs.ClusterInfoError is null ? PreflightStatus.Fail : PreflightStatus.Unknown,
                [inputs.ClusterInfoError is { } error ? CommonText.Plain(error) : EvidenceText.NothingToSign.Text],
                PreflightText.SignerNeverCreatesFix.Text);
        }

        var data = inputs.ClusterInfo!.Data!;
        var signers = inputs.TokenSecrets.Select(s => (Secret: s, Token: SigningToken(s, inputs.Now))).Where(x => x.Token is not null).ToArray();
        var evidence = new List<PortalText>();
        var status = PreflightStatus.Pass;
        PortalText? fix = null;
        foreach (var (secret, token) in signers)
        {
            var (id, tokenSecret) = token!.Value;
            if (!data.TryGetValue(BootstrapTokenJws.ConfigMapSignatureKeyPrefix + id, out var signature) || string.IsNullOrEmpty(signature))
            {
                var created = secret.Metadata?.CreationTimestamp is { } c ? new DateTimeOffset(DateTime.SpecifyKind(c, DateTimeKind.Utc)) : (DateTimeOffset?)null;
                if (created is { } t && inputs.Now - t < SignerGrace)
                {
                    evidence.Add(EvidenceText.NotSignedYet.With(id, (int)Math.Round((inputs.Now - t).TotalSeconds, MidpointRounding.AwayFromZero)));
                    continue;
                }

                evidence.Add(EvidenceText.SignatureMissing.With(id, BootstrapTokenJws.ConfigMapSignatureKeyPrefix + id));
                status = PreflightStatus.Fail;
                fix = SignerFix;
            }
            else if (!BootstrapTokenJws.IsValid(signature, kubeconfig, id, tokenSecret))
            {
                evidence.Add(EvidenceText.SignatureInvalid.With(id));
                status = PreflightStatus.Fail;
                fix = PreflightText.SignerFixBadSignature.Text;
            }
            else
            {
                evidence.Add(EvidenceText.SignatureValid.With(id));
            }
        }

        var orphans = data.Keys.Where(key => key.StartsWith(BootstrapTokenJws.ConfigMapSignatureKeyPrefix, StringComparison.Ordinal))
            .Select(key => key[BootstrapTokenJws.ConfigMapSignatureKeyPrefix.Length..])
            .Where(id => signers.All(s => s.Token!.Value.Id != id)).Order(StringComparer.Ordinal).ToArray();
        if (orphans.Length > 0)
        {
            evidence.Add(EvidenceText.OrphanSignatures.With(string.Join(", ", orphans)));
            if (status == PreflightStatus.Pass && signers.Length == 0)
            {
                status = PreflightStatus.Warn;
                fix = SignerFix;
            }
        }

        if (signers.Length == 0)
        {
            return new PreflightCheck(Id, Title, status == PreflightStatus.Pass ? PreflightStatus.Unknown : status,
                [EvidenceText.NoSigningToken.Text, .. evidence],
                fix ?? PreflightText.SigningTokenFix.Text);
        }

        return new PreflightCheck(Id, Title, status, evidence, fix);
    }

    /// <summary>The id and secret when the Secret is valid for signing (name, id, non-empty secret, not expired, usage signing).</summary>
    public static (string Id, string Secret)? SigningToken(V1Secret secret, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var match = BootstrapTokenFormat.SecretNamePattern().Match(secret.Metadata?.Name ?? string.Empty);
        var data = secret.Data;
        if (!match.Success || data is null || secret.Type != BootstrapTokenFormat.SecretType)
        {
            return null;
        }

        string? Text(string key) => data.TryGetValue(key, out var bytes) && bytes is not null ? Encoding.UTF8.GetString(bytes) : null;
        var id = Text(BootstrapTokenFormat.TokenIdKey);
        var tokenSecret = Text(BootstrapTokenFormat.TokenSecretKey);
        if (id != match.Groups[1].Value || string.IsNullOrEmpty(tokenSecret) || Text(BootstrapTokenFormat.UsageSigningKey) != "true")
        {
            return null;
        }

        var expiration = Text(BootstrapTokenFormat.ExpirationKey);
        if (!string.IsNullOrEmpty(expiration) && (!BootstrapTokenAuthenticator.TryParseRfc3339(expiration, out var expires) || expires - now <= TimeSpan.Zero))
        {
            return null;
        }

        return (id, tokenSecret);
    }
}

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
                [inputs.ClusterInfoError ?? "kube-public/cluster-info does not exist or has no kubeconfig key, so there is nothing to sign"],
                PreflightText.SignerNeverCreatesFix.Text);
        }

        var data = inputs.ClusterInfo!.Data!;
        var signers = inputs.TokenSecrets.Select(s => (Secret: s, Token: SigningToken(s, inputs.Now))).Where(x => x.Token is not null).ToArray();
        var evidence = new List<string>();
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
                    evidence.Add($"token {id} was created {(inputs.Now - t).TotalSeconds:0} s ago and is not signed yet (normal for a few seconds)");
                    continue;
                }

                evidence.Add($"token {id} may sign, but cluster-info has no {BootstrapTokenJws.ConfigMapSignatureKeyPrefix}{id}: kubeadm join --token with it fails");
                status = PreflightStatus.Fail;
                fix = SignerFix;
            }
            else if (!BootstrapTokenJws.IsValid(signature, kubeconfig, id, tokenSecret))
            {
                evidence.Add($"the signature for token {id} does not verify against the stored kubeconfig: kubeadm join --token with it is refused");
                status = PreflightStatus.Fail;
                fix = PreflightText.SignerFixBadSignature.Text;
            }
            else
            {
                evidence.Add($"token {id}: valid signature");
            }
        }

        var orphans = data.Keys.Where(key => key.StartsWith(BootstrapTokenJws.ConfigMapSignatureKeyPrefix, StringComparison.Ordinal))
            .Select(key => key[BootstrapTokenJws.ConfigMapSignatureKeyPrefix.Length..])
            .Where(id => signers.All(s => s.Token!.Value.Id != id)).Order(StringComparer.Ordinal).ToArray();
        if (orphans.Length > 0)
        {
            evidence.Add($"signatures for tokens that no longer may sign: {string.Join(", ", orphans)} (the signer removes them; if they stay, it is not running)");
            if (status == PreflightStatus.Pass && signers.Length == 0)
            {
                status = PreflightStatus.Warn;
                fix = SignerFix;
            }
        }

        if (signers.Length == 0)
        {
            return new PreflightCheck(Id, Title, status == PreflightStatus.Pass ? PreflightStatus.Unknown : status,
                ["no token has usage signing, so the signer cannot be checked; kubeadm join --token needs such a token", .. evidence],
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

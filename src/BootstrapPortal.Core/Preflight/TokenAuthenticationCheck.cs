using BootstrapPortal.Core.Text;

namespace BootstrapPortal.Core.Preflight;

/// <summary>
/// kube-apiserver authenticates bootstrap tokens (<c>--enable-bootstrap-token-auth</c>,
/// k/k plugin/pkg/auth/authenticator/token/bootstrap/bootstrap.go): the probe's TokenReview decides; the static pod flag
/// backs it up or stands in when the probe cannot run.
/// </summary>
public static class TokenAuthenticationCheck
{
    public const string Id = "bootstrap-token-auth";
    private static readonly PortalText Title = PreflightText.TokenAuthTitle.Text;
    private static readonly PortalText Fix = PreflightText.TokenAuthFix.Text;

    public static PreflightCheck Evaluate(PreflightInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var evidence = new List<PortalText>();
        bool? flag = null;
        if (inputs.Flags.ApiServer is { } apiServer)
        {
            flag = apiServer.TryGetValue("enable-bootstrap-token-auth", out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
            evidence.Add(flag == true
                ? EvidenceText.TokenAuthFlag.With(inputs.Flags.ApiServerPod ?? string.Empty, value ?? string.Empty)
                : EvidenceText.NoTokenAuthFlag.With(inputs.Flags.ApiServerPod ?? string.Empty));
        }

        var probe = inputs.Probe;
        switch (probe.Authenticated)
        {
            case true:
                evidence.Insert(0, EvidenceText.ProbeAuthenticated.With(probe.Detail, probe.User ?? string.Empty, string.Join(", ", probe.Groups)));
                return new PreflightCheck(Id, Title, PreflightStatus.Pass, evidence, null);
            case false:
                evidence.Insert(0, EvidenceText.ProbeRefused.With(probe.Detail));
                return flag == true
                    ? new PreflightCheck(Id, Title, PreflightStatus.Warn, evidence,
                        PreflightText.TokenAuthProbeFailedFix.Text)
                    : new PreflightCheck(Id, Title, PreflightStatus.Fail, evidence, Fix);
            default:
                evidence.Insert(0, EvidenceText.ProbeCouldNotRun.With(probe.Detail));
                return flag switch
                {
                    true => new PreflightCheck(Id, Title, PreflightStatus.Pass, evidence, null),
                    false => new PreflightCheck(Id, Title, PreflightStatus.Fail, evidence, Fix),
                    _ => new PreflightCheck(Id, Title, PreflightStatus.Unknown, [.. evidence, EvidenceText.ApiServerFlagsHidden.With(inputs.Flags.Unavailable ?? string.Empty)],
                        PreflightText.TokenAuthUnknownFix.Text),
                };
        }
    }
}

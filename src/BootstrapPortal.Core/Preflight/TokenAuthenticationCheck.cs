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
        var evidence = new List<string>();
        bool? flag = null;
        if (inputs.Flags.ApiServer is { } apiServer)
        {
            flag = apiServer.TryGetValue("enable-bootstrap-token-auth", out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
            evidence.Add(flag == true
                ? $"static pod {inputs.Flags.ApiServerPod} runs kube-apiserver with --enable-bootstrap-token-auth={value}"
                : $"static pod {inputs.Flags.ApiServerPod} runs kube-apiserver without --enable-bootstrap-token-auth=true");
        }

        var probe = inputs.Probe;
        switch (probe.Authenticated)
        {
            case true:
                evidence.Insert(0, $"{probe.Detail}: user {probe.User}, groups {string.Join(", ", probe.Groups)}; the probe token was deleted afterwards");
                return new PreflightCheck(Id, Title, PreflightStatus.Pass, evidence, null);
            case false:
                evidence.Insert(0, probe.Detail + "; the probe token was deleted afterwards");
                return flag == true
                    ? new PreflightCheck(Id, Title, PreflightStatus.Warn, evidence,
                        PreflightText.TokenAuthProbeFailedFix.Text)
                    : new PreflightCheck(Id, Title, PreflightStatus.Fail, evidence, Fix);
            default:
                evidence.Insert(0, "the probe could not run: " + probe.Detail);
                return flag switch
                {
                    true => new PreflightCheck(Id, Title, PreflightStatus.Pass, evidence, null),
                    false => new PreflightCheck(Id, Title, PreflightStatus.Fail, evidence, Fix),
                    _ => new PreflightCheck(Id, Title, PreflightStatus.Unknown, [.. evidence, "kube-apiserver's flags are not visible: " + inputs.Flags.Unavailable],
                        PreflightText.TokenAuthUnknownFix.Text),
                };
        }
    }
}

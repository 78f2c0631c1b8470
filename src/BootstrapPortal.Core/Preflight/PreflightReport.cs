namespace BootstrapPortal.Core.Preflight;

/// <summary>The result of one preflight run.</summary>
public sealed record PreflightReport(DateTimeOffset RanAt, TimeSpan Took, IReadOnlyList<PreflightCheck> Checks)
{
    public PreflightStatus Worst => Checks.Count == 0 ? PreflightStatus.Unknown
        : Checks.Any(c => c.Status == PreflightStatus.Fail) ? PreflightStatus.Fail
        : Checks.Any(c => c.Status == PreflightStatus.Warn) ? PreflightStatus.Warn
        : Checks.All(c => c.Status == PreflightStatus.Pass) ? PreflightStatus.Pass : PreflightStatus.Unknown;
}

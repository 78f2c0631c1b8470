namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// One check of a verdict, passed or not. <see cref="Id"/> is stable (see <see cref="CsrCheckIds"/>; for tests, filters and
/// condition messages); <see cref="Message"/> is one sentence for people.
/// </summary>
public sealed record CsrCheck(string Id, CsrCheckResult Result, string Message)
{
    /// <summary><c>[id] message</c>, the form policy conditions and audit details cite a check in.</summary>
    public string Cited => $"[{Id}] {Message}";

    public static CsrCheck Pass(string id, string message) => new(id, CsrCheckResult.Pass, message);

    public static CsrCheck Info(string id, string message) => new(id, CsrCheckResult.Info, message);

    public static CsrCheck Warn(string id, string message) => new(id, CsrCheckResult.Warn, message);

    public static CsrCheck Fail(string id, string message) => new(id, CsrCheckResult.Fail, message);
}

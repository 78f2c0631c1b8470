using System.Text.Json.Serialization;
using BootstrapPortal.Core.Text;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// One check of a verdict, passed or not. <see cref="Id"/> is stable (see <see cref="CsrCheckIds"/>; for tests, filters and
/// condition messages); <see cref="Text"/> is one sentence for people, rendered in the reader's language by the Web;
/// <see cref="Message"/> is its English text (API, conditions, audit).
/// </summary>
public sealed record CsrCheck(string Id, CsrCheckResult Result, [property: JsonIgnore] PortalText Text)
{
    /// <summary>The English sentence.</summary>
    public string Message => Text.ToString();

    /// <summary><c>[id] message</c>, the form policy conditions and audit details cite a check in.</summary>
    public string Cited => $"[{Id}] {Message}";

    public static CsrCheck Pass(string id, PortalText text) => new(id, CsrCheckResult.Pass, text);

    public static CsrCheck Info(string id, PortalText text) => new(id, CsrCheckResult.Info, text);

    public static CsrCheck Warn(string id, PortalText text) => new(id, CsrCheckResult.Warn, text);

    public static CsrCheck Fail(string id, PortalText text) => new(id, CsrCheckResult.Fail, text);
}

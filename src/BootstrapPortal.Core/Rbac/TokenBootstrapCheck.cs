using System.Text.Json.Serialization;
using BootstrapPortal.Core.Text;

namespace BootstrapPortal.Core.Rbac;

/// <summary>The per-token bootstrap check: the result and why, in sentences for people.</summary>
public sealed record TokenBootstrapCheck(TokenBootstrapResult Result, [property: JsonIgnore] IReadOnlyList<PortalText> ReasonTexts)
{
    /// <summary>The reasons in English (the API's field).</summary>
    public IReadOnlyList<string> Reasons => [.. ReasonTexts.Select(r => r.ToString())];

    /// <summary><c>auto-approved</c>, <c>needs-approval</c> or <c>cannot-bootstrap</c> (the API's values).</summary>
    public string ResultName => Name(Result);

    public bool CanBootstrap => Result != TokenBootstrapResult.CannotBootstrap;

    public static string Name(TokenBootstrapResult result) => result switch
    {
        TokenBootstrapResult.AutoApproved => "auto-approved",
        TokenBootstrapResult.NeedsApproval => "needs-approval",
        _ => "cannot-bootstrap",
    };
}

namespace BootstrapPortal.Core.Csrs;

/// <summary>The condition fields the portal writes, and validation of the typed reason.</summary>
public static class CsrDecisionText
{
    public const string ApprovedReason = "ApprovedByBootstrapPortal";
    public const string DeniedReason = "DeniedByBootstrapPortal";
    public const int MaxReasonLength = 500;

    /// <summary>The condition message: <c>&lt;reason&gt; (by &lt;actor&gt; via BootstrapPortal)</c>.</summary>
    public static string Message(string reason, string actor)
    {
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentNullException.ThrowIfNull(actor);
        return $"{reason.Trim()} (by {actor.Trim()} via BootstrapPortal)";
    }

    /// <summary>Why a typed reason is unacceptable; null when it is fine.</summary>
    public static string? ValidateReason(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return "A reason is required.";
        }

        if (reason.Trim().Length > MaxReasonLength)
        {
            return $"The reason may be at most {MaxReasonLength} characters.";
        }

        return reason.Any(char.IsControl) ? "The reason must be one line of text without control characters." : null;
    }
}

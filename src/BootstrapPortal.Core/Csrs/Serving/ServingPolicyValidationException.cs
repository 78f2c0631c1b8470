namespace BootstrapPortal.Core.Csrs.Serving;

/// <summary>A serving policy with invalid fields; the API answers 400 with one entry per field.</summary>
public sealed class ServingPolicyValidationException : Exception
{
    public ServingPolicyValidationException(IReadOnlyList<ServingPolicyError> errors)
        : base("The serving policy is invalid: " + string.Join("; ", (errors ?? []).Select(e => $"{e.Field} {e.Message}")))
    {
        Errors = errors ?? [];
    }

    public ServingPolicyValidationException()
        : this([])
    {
    }

    public ServingPolicyValidationException(string message)
        : base(message)
    {
        Errors = [];
    }

    public ServingPolicyValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public IReadOnlyList<ServingPolicyError> Errors { get; }
}

namespace BootstrapPortal.Core.Csrs.Serving;

/// <summary>The stored policy changed since the editor read it (resourceVersion differs); nothing was written.</summary>
public sealed class ServingPolicyConflictException : Exception
{
    public ServingPolicyConflictException(string message, string? currentResourceVersion)
        : base(message)
    {
        CurrentResourceVersion = currentResourceVersion;
    }

    public ServingPolicyConflictException()
    {
    }

    public ServingPolicyConflictException(string message)
        : base(message)
    {
    }

    public ServingPolicyConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The resourceVersion stored now; null when the ConfigMap does not exist.</summary>
    public string? CurrentResourceVersion { get; }
}

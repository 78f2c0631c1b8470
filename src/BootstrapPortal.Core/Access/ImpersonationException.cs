namespace BootstrapPortal.Core.Access;

/// <summary>The actor cannot be impersonated in Kubernetes (see <see cref="KubernetesImpersonation"/>); nothing was written.</summary>
public sealed class ImpersonationException : Exception
{
    public ImpersonationException(string actorName, string message)
        : base(message)
    {
        ActorName = actorName;
    }

    public ImpersonationException()
    {
        ActorName = string.Empty;
    }

    public ImpersonationException(string message)
        : base(message)
    {
        ActorName = string.Empty;
    }

    public ImpersonationException(string message, Exception innerException)
        : base(message, innerException)
    {
        ActorName = string.Empty;
    }

    public string ActorName { get; }
}

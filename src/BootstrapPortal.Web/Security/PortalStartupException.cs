namespace BootstrapPortal.Web.Security;

/// <summary>The portal refuses to start as configured; the message says why and how to fix it.</summary>
public sealed class PortalStartupException : Exception
{
    public PortalStartupException()
    {
    }

    public PortalStartupException(string message)
        : base(message)
    {
    }

    public PortalStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

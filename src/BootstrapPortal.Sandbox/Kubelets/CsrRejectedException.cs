namespace BootstrapPortal.Sandbox.Kubelets;

/// <summary>A kubelet's CSR was denied, failed, deleted or replaced.</summary>
public sealed class CsrRejectedException : Exception
{
    public CsrRejectedException()
    {
    }

    public CsrRejectedException(string message)
        : base(message)
    {
    }

    public CsrRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

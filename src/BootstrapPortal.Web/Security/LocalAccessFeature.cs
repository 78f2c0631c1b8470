namespace BootstrapPortal.Web.Security;

/// <summary>
/// Set on a request that passed the local-mode rules (loopback client, loopback or allowed host name). The local-mode
/// authorization handler admits only such requests, so a pipeline that skipped the rules fails closed.
/// </summary>
public sealed class LocalAccessFeature
{
    public static LocalAccessFeature Granted { get; } = new();

    private LocalAccessFeature()
    {
    }
}

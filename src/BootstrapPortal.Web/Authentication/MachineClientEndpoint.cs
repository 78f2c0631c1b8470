namespace BootstrapPortal.Web.Authentication;

/// <summary>
/// Endpoint metadata for endpoints outside <c>/api</c> that machines call (e.g. <c>/metrics</c>): refused requests answer
/// 401/403 problem details like the API instead of redirecting to the sign-in page.
/// </summary>
public sealed class MachineClientEndpoint
{
    public static MachineClientEndpoint Instance { get; } = new();

    private MachineClientEndpoint()
    {
    }
}

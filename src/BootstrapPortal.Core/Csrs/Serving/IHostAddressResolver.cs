using System.Net;

namespace BootstrapPortal.Core.Csrs.Serving;

/// <summary>Resolves a host name to its addresses (the serving policy's optional DNS check).</summary>
public interface IHostAddressResolver
{
    Task<IReadOnlyList<IPAddress>> ResolveAsync(string hostName, CancellationToken cancellationToken);
}

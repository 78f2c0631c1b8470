using BootstrapPortal.Core.Text;

namespace BootstrapPortal.Core.Preflight;

/// <summary>What an unauthenticated GET of <c>kube-public/cluster-info</c> answered: a status code, or why no answer came.</summary>
public sealed record AnonymousReadOutcome(int? StatusCode, PortalText Detail);

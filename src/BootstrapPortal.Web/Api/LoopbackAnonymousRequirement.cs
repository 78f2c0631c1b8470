using Microsoft.AspNetCore.Authorization;

namespace BootstrapPortal.Web.Api;

/// <summary>Met by the anonymous user on loopback (or anywhere when <c>Security:AllowRemoteAnonymous</c> is set): the portal's only user until login exists.</summary>
public sealed class LoopbackAnonymousRequirement : IAuthorizationRequirement
{
}

using BootstrapPortal.Web.Tests.Hosting;

namespace BootstrapPortal.Web.Tests.Security;

/// <summary>A portal behind a reverse proxy on 127.0.0.1 (trusted), answering also to the name <c>portal.test</c>.</summary>
public sealed class TrustedProxyFixture() : SandboxPortalFixture(new Dictionary<string, string?>
{
    ["Sandbox:Nodes"] = "0",
    ["Security:KnownProxies:0"] = "127.0.0.1",
    ["Security:AllowedHosts:0"] = "portal.test",
});

/// <summary>The host's own <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c>, with no proxy configured.</summary>
public sealed class HostForwardedSwitchFixture() : SandboxPortalFixture(new Dictionary<string, string?>
{
    ["Sandbox:Nodes"] = "0",
    ["ForwardedHeaders_Enabled"] = "true",
});

/// <summary>The host's switch and a trusted proxy together (the forwarded-headers middleware must run once).</summary>
public sealed class HostForwardedSwitchWithProxyFixture() : SandboxPortalFixture(new Dictionary<string, string?>
{
    ["Sandbox:Nodes"] = "0",
    ["ForwardedHeaders_Enabled"] = "true",
    ["Security:KnownProxies:0"] = "127.0.0.1",
});

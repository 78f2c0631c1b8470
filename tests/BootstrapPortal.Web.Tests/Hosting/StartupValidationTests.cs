using BootstrapPortal.Tests.Shared;

namespace BootstrapPortal.Web.Tests.Hosting;

/// <summary>Bad settings stop the host at start with a message that names the key.</summary>
public class StartupValidationTests
{
    [Theory]
    [InlineData("Sandbox:Nodes", "-3", "Sandbox:Nodes")]
    [InlineData("Sandbox:ClockSpeed", "0", "Sandbox:ClockSpeed")]
    [InlineData("Sandbox:SigningDuration", "00:01:00", "Sandbox:SigningDuration")]
    [InlineData("Cache:PageSize", "0", "Cache:PageSize")]
    [InlineData("Kubernetes:RequestTimeoutSeconds", "0", "Kubernetes:RequestTimeoutSeconds")]
    [InlineData("Kubernetes:Mode", "Bogus", "Kubernetes:Mode")]
    [InlineData("Sandbox:RbacProfile", "Bogus", "Sandbox:RbacProfile")]
    [InlineData("Sandbox:RbacProfile", "7", "Sandbox:RbacProfile")]
    [InlineData("Preflight:MaxAge", "00:00:01", "Preflight:MaxAge")]
    [InlineData("Preflight:ProbeTimeout", "01:00:00", "Preflight:ProbeTimeout")]
    [InlineData("CsrPolicy:Serving:AllowedIpPrefixes:0", "10.0.0.1/8", "CsrPolicy:Serving:AllowedIpPrefixes:0")]
    [InlineData("CsrPolicy:Serving:NodeNamePattern", "(", "CsrPolicy:Serving:NodeNamePattern")]
    [InlineData("CsrPolicy:RejoinNotReadyAfter", "00:00:05", "CsrPolicy:RejoinNotReadyAfter")]
    [InlineData("Security:AllowedHosts:0", "*", "Security:AllowedHosts:0")]
    [InlineData("Security:AllowedHosts:0", "https://portal.example.com", "Security:AllowedHosts:0")]
    [InlineData("Security:KnownProxies:0", "proxy.example.com", "Security:KnownProxies:0")]
    [InlineData("Security:KnownNetworks:0", "10.0.0.0/99", "Security:KnownNetworks:0")]
    [InlineData("Security:ForwardLimit", "0", "Security:ForwardLimit")]
    [InlineData("Security:MaxApiBodyBytes", "10", "Security:MaxApiBodyBytes")]
    [InlineData("Security:MintingRateLimit:PermitLimit", "0", "Security:MintingRateLimit:PermitLimit")]
    [InlineData("Security:MintingRateLimit:Window", "00:00:00", "Security:MintingRateLimit:Window")]
    [InlineData("Authentication:OpenIdConnect:Authority", "https://login.example.com", "Security:AllowedHosts")]
    public void Invalid_setting_fails_start_naming_the_key(string key, string value, string expectedInMessage)
    {
        using var server = new PortalServer(new Dictionary<string, string?> { [key] = value });
        var error = Assert.ThrowsAny<Exception>(() => server.Start());
        Assert.Contains(expectedInMessage, StartupErrors.Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_kubeconfig_fails_start_naming_the_key_and_path()
    {
        using var server = new PortalServer(new Dictionary<string, string?>
        {
            ["Kubernetes:Mode"] = "Kubeconfig",
            ["Kubernetes:KubeconfigPath"] = "/nonexistent/bootstrapportal/config",
        });
        var error = Assert.ThrowsAny<Exception>(() => server.Start());
        var message = StartupErrors.Flatten(error);
        Assert.Contains("Kubernetes:KubeconfigPath", message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/bootstrapportal/config", message, StringComparison.Ordinal);
    }
}

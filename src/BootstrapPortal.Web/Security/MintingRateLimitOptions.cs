namespace BootstrapPortal.Web.Security;

/// <summary>Configuration section <c>Security:MintingRateLimit</c>: a fixed window per actor on the endpoints that mint credentials.</summary>
public sealed class MintingRateLimitOptions
{
    /// <summary>Credentials one actor may mint per <see cref="Window"/>.</summary>
    public int PermitLimit { get; set; } = 30;

    /// <summary>The window the limit counts in.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

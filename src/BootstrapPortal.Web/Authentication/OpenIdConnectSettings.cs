namespace BootstrapPortal.Web.Authentication;

/// <summary>
/// Configuration section <c>Authentication:OpenIdConnect</c>. With no <see cref="Authority"/> the portal is in local mode
/// (loopback only, every caller is the local administrator); with one, people sign in and scripts send bearer tokens.
/// </summary>
public sealed class OpenIdConnectSettings
{
    public const string SectionName = "Authentication:OpenIdConnect";
    public const string DefaultScopes = "openid profile email";
    public const string DefaultGroupsClaim = "groups";
    public const string DefaultNameClaim = "preferred_username";

    /// <summary>The issuer URL of the identity provider (its discovery document is at <c>/.well-known/openid-configuration</c>).</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>A file holding the client secret (e.g. a mounted Kubernetes Secret); instead of <see cref="ClientSecret"/>.</summary>
    public string? ClientSecretFile { get; set; }

    /// <summary>Space-separated scopes asked for at sign-in.</summary>
    public string Scopes { get; set; } = DefaultScopes;

    /// <summary>The claim holding the person's groups (an array or a single value).</summary>
    public string GroupsClaim { get; set; } = DefaultGroupsClaim;

    /// <summary>The claim naming the person; when missing, <c>email</c>, then <c>sub</c>.</summary>
    public string NameClaim { get; set; } = DefaultNameClaim;

    /// <summary>The audience bearer tokens must carry; empty means the client id.</summary>
    public string? Audience { get; set; }

    /// <summary>Whether the discovery document must be fetched over https; false is allowed only for a loopback authority (tests).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Whether login is configured (an authority is set); the one place that decides local mode.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority);

    public string EffectiveAudience => string.IsNullOrWhiteSpace(Audience) ? ClientId ?? string.Empty : Audience.Trim();

    public IReadOnlyList<string> ScopeList =>
        (Scopes ?? string.Empty).Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Whether the configuration in <paramref name="configuration"/> turns login on (read before services exist).</summary>
    public static bool IsConfiguredIn(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[SectionName + ":" + nameof(Authority)]);
    }
}

using System.Net;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Web.Authentication;

/// <summary>Checks <c>Authentication:OpenIdConnect</c> at start when login is configured; every message names the key at fault.</summary>
public sealed class OpenIdConnectSettingsValidator : IValidateOptions<OpenIdConnectSettings>
{
    private readonly Func<string, string?> _readFile;

    public OpenIdConnectSettingsValidator()
        : this(ReadFile)
    {
    }

    public OpenIdConnectSettingsValidator(Func<string, string?> readFile) => _readFile = readFile;

    public ValidateOptionsResult Validate(string? name, OpenIdConnectSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsConfigured)
        {
            return ValidateOptionsResult.Success;
        }

        const string S = OpenIdConnectSettings.SectionName;
        var failures = new List<string>();
        if (!Uri.TryCreate(options.Authority!.Trim(), UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http")
            || !string.IsNullOrEmpty(authority.Query) || !string.IsNullOrEmpty(authority.Fragment))
        {
            failures.Add($"{S}:Authority must be an absolute https URL of the identity provider's issuer, without query or fragment.");
        }
        else if (authority.Scheme == "http" && options.RequireHttpsMetadata)
        {
            failures.Add($"{S}:Authority uses http; an identity provider must be reached over https (set {S}:RequireHttpsMetadata=false only for a loopback test provider).");
        }
        else if (!options.RequireHttpsMetadata && !IsLoopback(authority))
        {
            failures.Add($"{S}:RequireHttpsMetadata=false is allowed only for a loopback authority (localhost, 127.0.0.1, [::1]); {authority.Host} is not one.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add($"{S}:ClientId is required when {S}:Authority is set.");
        }

        var hasSecret = !string.IsNullOrWhiteSpace(options.ClientSecret);
        var hasFile = !string.IsNullOrWhiteSpace(options.ClientSecretFile);
        if (hasSecret && hasFile)
        {
            failures.Add($"{S}:ClientSecret and {S}:ClientSecretFile are both set; set one.");
        }
        else if (!hasSecret && !hasFile)
        {
            failures.Add($"{S}:ClientSecret or {S}:ClientSecretFile is required: the portal signs in as a confidential client.");
        }
        else if (hasFile && string.IsNullOrWhiteSpace(_readFile(options.ClientSecretFile!)))
        {
            failures.Add($"{S}:ClientSecretFile '{options.ClientSecretFile}' does not exist, cannot be read, or is empty.");
        }

        if (!options.ScopeList.Contains("openid", StringComparer.Ordinal))
        {
            failures.Add($"{S}:Scopes must include openid (was \"{options.Scopes}\").");
        }

        if (string.IsNullOrWhiteSpace(options.GroupsClaim))
        {
            failures.Add($"{S}:GroupsClaim must name a claim (default {OpenIdConnectSettings.DefaultGroupsClaim}).");
        }

        if (string.IsNullOrWhiteSpace(options.NameClaim))
        {
            failures.Add($"{S}:NameClaim must name a claim (default {OpenIdConnectSettings.DefaultNameClaim}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The client secret from configuration or its file (trailing newline removed).</summary>
    public static string? ResolveClientSecret(OpenIdConnectSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return !string.IsNullOrWhiteSpace(options.ClientSecret) ? options.ClientSecret : ReadFile(options.ClientSecretFile ?? string.Empty);
    }

    internal static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static string? ReadFile(string path)
    {
        try
        {
            return string.IsNullOrWhiteSpace(path) || !File.Exists(path) ? null : File.ReadAllText(path).TrimEnd('\r', '\n');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

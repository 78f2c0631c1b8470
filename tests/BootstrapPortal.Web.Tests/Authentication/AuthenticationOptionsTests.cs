using BootstrapPortal.Core.Access;
using BootstrapPortal.Web.Authentication;
using BootstrapPortal.Web.Components.Audit;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Web.Tests.Authentication;

public sealed class AuthenticationOptionsTests
{
    private static OpenIdConnectSettings Valid() => new()
    {
        Authority = "https://login.example.test/realms/ops",
        ClientId = "bootstrapportal",
        ClientSecret = "s3cret",
    };

    private static string? Check(OpenIdConnectSettings settings, Func<string, string?>? readFile = null) =>
        new OpenIdConnectSettingsValidator(readFile ?? (_ => null)).Validate(null, settings).FailureMessage;

    [Fact]
    public void No_authority_is_local_mode_and_valid()
    {
        Assert.Null(Check(new OpenIdConnectSettings()));
        Assert.Null(Check(Valid()));
    }

    [Theory]
    [InlineData("not a url", true, "Authentication:OpenIdConnect:Authority")]
    [InlineData("http://login.example.test", true, "Authentication:OpenIdConnect:Authority uses http")]
    [InlineData("http://login.example.test", false, "Authentication:OpenIdConnect:RequireHttpsMetadata=false is allowed only for a loopback")]
    [InlineData("https://login.example.test?x=1", true, "without query")]
    public void Authority_must_be_https_unless_loopback(string authority, bool requireHttps, string message)
    {
        var settings = Valid();
        settings.Authority = authority;
        settings.RequireHttpsMetadata = requireHttps;
        Assert.Contains(message, Check(settings), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5555/")]
    [InlineData("http://localhost:5555")]
    [InlineData("http://[::1]:5555")]
    public void Plain_http_is_allowed_for_a_loopback_test_provider(string authority)
    {
        var settings = Valid();
        settings.Authority = authority;
        settings.RequireHttpsMetadata = false;
        Assert.Null(Check(settings));
    }

    [Fact]
    public void Client_and_secret_rules_name_their_keys()
    {
        var settings = Valid();
        settings.ClientId = null;
        settings.ClientSecret = null;
        var message = Check(settings)!;
        Assert.Contains("Authentication:OpenIdConnect:ClientId is required", message, StringComparison.Ordinal);
        Assert.Contains("Authentication:OpenIdConnect:ClientSecret or Authentication:OpenIdConnect:ClientSecretFile is required", message, StringComparison.Ordinal);

        settings = Valid();
        settings.ClientSecretFile = "/run/secret";
        Assert.Contains("are both set", Check(settings), StringComparison.Ordinal);
        settings.ClientSecret = null;
        Assert.Contains("'/run/secret' does not exist", Check(settings), StringComparison.Ordinal);
        Assert.Null(Check(settings, _ => "from-file"));

        settings = Valid();
        settings.Scopes = "profile email";
        Assert.Contains("Scopes must include openid", Check(settings), StringComparison.Ordinal);
    }

    [Fact]
    public void Roles_come_from_exact_group_names_and_login_needs_at_least_one_mapping()
    {
        var roles = new RoleMappingOptions { Admin = ["ops"], Approver = ["ops", "sre"], Viewer = ["Everyone"] };
        Assert.Equal([PortalRole.Approver, PortalRole.Admin], roles.RolesFor(["ops"]));
        Assert.Equal([PortalRole.Approver], roles.RolesFor(["sre", "everyone"]));
        Assert.Empty(roles.RolesFor([]));

        var login = Options.Create(Valid());
        Assert.Contains("no group holds a role", new RoleMappingOptionsValidator(login).Validate(null, new RoleMappingOptions()).FailureMessage, StringComparison.Ordinal);
        Assert.True(new RoleMappingOptionsValidator(Options.Create(new OpenIdConnectSettings())).Validate(null, new RoleMappingOptions()).Succeeded);
        Assert.Contains("Authorization:Roles:Viewer:0", new RoleMappingOptionsValidator(login).Validate(null, new RoleMappingOptions { Viewer = [" padded "] }).FailureMessage,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/csrs/x", "/csrs/x")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData(null, "/")]
    public void Sign_in_returns_only_to_this_site(string? returnUrl, string expected) =>
        Assert.Equal(expected, AuthenticationEndpoints.LocalReturnUrl(returnUrl));

    [Fact]
    public void Csv_export_quotes_fields_and_defuses_formulas()
    {
        var entry = BootstrapPortal.Core.Audit.AuditRecord.From(new BootstrapPortal.Core.Audit.AuditEvent(
            DateTimeOffset.Parse("2025-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture),
            new PortalActor("=HYPERLINK(\"x\")", PortalActorKind.Person, [], []), "csr.approve", "CertificateSigningRequest", null, "csr-1",
            BootstrapPortal.Core.Audit.AuditOutcome.Succeeded, "line one\nline, two"));
        var text = System.Text.Encoding.UTF8.GetString(AuditCsv.Write([entry]));
        var lines = text.Split("\r\n");
        Assert.StartsWith("id,time,actor,actorKind,action,outcome", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", text, StringComparison.Ordinal);
        Assert.Contains("\"line one\nline, two\"", text, StringComparison.Ordinal);
        Assert.Contains("2025-01-02T03:04:05.000Z", text, StringComparison.Ordinal);
    }
}

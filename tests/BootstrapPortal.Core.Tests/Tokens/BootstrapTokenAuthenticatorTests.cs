using System.Text;
using BootstrapPortal.Core.Tokens;
using k8s.Models;

namespace BootstrapPortal.Core.Tests.Tokens;

public sealed class BootstrapTokenAuthenticatorTests
{
    private const string Token = "abcdef.0123456789abcdef";
    private static readonly DateTimeOffset BeforeExpiry = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The worked-example Secret (secret.json).</summary>
    private static V1Secret ReferenceSecret() => new()
    {
        Metadata = new V1ObjectMeta { Name = "bootstrap-token-abcdef", NamespaceProperty = "kube-system" },
        Type = "bootstrap.kubernetes.io/token",
        Data = new Dictionary<string, byte[]>
        {
            ["auth-extra-groups"] = Convert.FromBase64String("c3lzdGVtOmJvb3RzdHJhcHBlcnM6a3ViZWFkbTpkZWZhdWx0LW5vZGUtdG9rZW4="),
            ["description"] = Convert.FromBase64String("VGhlIGRlZmF1bHQgYm9vdHN0cmFwIHRva2VuIGdlbmVyYXRlZCBieSAna3ViZWFkbSBpbml0Jy4="),
            ["expiration"] = Convert.FromBase64String("MjAyNi0wMy0wM1QxMjowMDowMFo="),
            ["token-id"] = Convert.FromBase64String("YWJjZGVm"),
            ["token-secret"] = Convert.FromBase64String("MDEyMzQ1Njc4OWFiY2RlZg=="),
            ["usage-bootstrap-authentication"] = Convert.FromBase64String("dHJ1ZQ=="),
            ["usage-bootstrap-signing"] = Convert.FromBase64String("dHJ1ZQ=="),
        },
    };

    [Fact]
    public void Reference_token_authenticates_as_kubeadm_node_token()
    {
        var result = BootstrapTokenAuthenticator.Authenticate(Token, ReferenceSecret(), BeforeExpiry);
        Assert.True(result.Authenticated, result.Reason);
        Assert.Equal("system:bootstrap:abcdef", result.UserName);
        Assert.Equal(["system:bootstrappers", "system:bootstrappers:kubeadm:default-node-token"], result.Groups);
    }

    [Theory]
    [InlineData("abcdef.0123456789abcdeg", "token secret does not match")]
    [InlineData("abcdef.0123456789abcdef0", "token does not match the bootstrap token format")]
    [InlineData("ABCDEF.0123456789abcdef", "token does not match the bootstrap token format")]
    [InlineData("abcdef:0123456789abcdef", "token does not match the bootstrap token format")]
    [InlineData("", "token does not match the bootstrap token format")]
    public void Wrong_or_malformed_tokens_are_rejected(string token, string reason)
    {
        var result = BootstrapTokenAuthenticator.Authenticate(token, ReferenceSecret(), BeforeExpiry);
        Assert.False(result.Authenticated);
        Assert.Equal(reason, result.Reason);
        Assert.Null(result.UserName);
    }

    [Fact]
    public void Trailing_newline_does_not_match_the_token_pattern()
    {
        Assert.False(BootstrapTokenFormat.TryParse(Token + "\n", out _, out _));
        Assert.DoesNotMatch(BootstrapTokenFormat.SecretNamePattern(), "bootstrap-token-abcdef\n");
        Assert.Matches(BootstrapTokenFormat.SecretNamePattern(), "bootstrap-token-abcdef");
    }

    [Theory]
    [InlineData("2026-03-03T12:00:00Z", "2026-03-03T12:00:00Z", false)]
    [InlineData("2026-03-03T12:00:00Z", "2026-03-03T11:59:59Z", true)]
    [InlineData("2026-03-03T12:00:00+01:00", "2026-03-03T11:00:00Z", false)]
    [InlineData("2026-03-03T12:00:00+01:00", "2026-03-03T10:59:59Z", true)]
    [InlineData("not-a-time", "2020-01-01T00:00:00Z", false)]
    [InlineData("2026-03-03 12:00:00", "2020-01-01T00:00:00Z", false)]
    [InlineData("", "2099-01-01T00:00:00Z", true)]
    public void Expiration_follows_GetExpiration(string expiration, string now, bool accepted)
    {
        var secret = ReferenceSecret();
        secret.Data["expiration"] = Encoding.UTF8.GetBytes(expiration);
        var result = BootstrapTokenAuthenticator.Authenticate(Token, secret, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(accepted, result.Authenticated);
        if (!accepted)
        {
            Assert.Equal("token \"abcdef\" has expired", result.Reason);
        }
    }

    [Fact]
    public void Missing_expiration_never_expires()
    {
        var secret = ReferenceSecret();
        secret.Data.Remove("expiration");
        Assert.True(BootstrapTokenAuthenticator.Authenticate(Token, secret, DateTimeOffset.MaxValue.AddDays(-1)).Authenticated);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("True")]
    [InlineData("yes")]
    [InlineData("")]
    public void Authentication_usage_must_be_exactly_true(string? value)
    {
        var secret = ReferenceSecret();
        if (value is null)
        {
            secret.Data.Remove("usage-bootstrap-authentication");
        }
        else
        {
            secret.Data["usage-bootstrap-authentication"] = Encoding.UTF8.GetBytes(value);
        }

        var result = BootstrapTokenAuthenticator.Authenticate(Token, secret, BeforeExpiry);
        Assert.False(result.Authenticated);
        Assert.Equal("token \"abcdef\" is not usable for authentication", result.Reason);
    }

    [Fact]
    public void Secret_being_deleted_is_rejected()
    {
        var secret = ReferenceSecret();
        secret.Metadata.DeletionTimestamp = BeforeExpiry.UtcDateTime;
        var result = BootstrapTokenAuthenticator.Authenticate(Token, secret, BeforeExpiry);
        Assert.False(result.Authenticated);
        Assert.Equal("secret \"bootstrap-token-abcdef\" is deleted and awaiting removal", result.Reason);
    }

    [Fact]
    public void Wrong_type_missing_secret_and_id_mismatch_are_rejected()
    {
        var wrongType = ReferenceSecret();
        wrongType.Type = "Opaque";
        Assert.False(BootstrapTokenAuthenticator.Authenticate(Token, wrongType, BeforeExpiry).Authenticated);
        Assert.Equal("secret \"bootstrap-token-abcdef\" not found", BootstrapTokenAuthenticator.Authenticate(Token, null, BeforeExpiry).Reason);
        var idMismatch = ReferenceSecret();
        idMismatch.Data["token-id"] = Encoding.UTF8.GetBytes("zzzzzz");
        Assert.Equal("token id does not match", BootstrapTokenAuthenticator.Authenticate(Token, idMismatch, BeforeExpiry).Reason);
    }

    [Theory]
    [InlineData("system:bootstrappers:a,system:bootstrappers:b", true)]
    [InlineData("system:bootstrappers:a, system:bootstrappers:b", false)]
    [InlineData("system:nodes", false)]
    [InlineData("system:bootstrappers:", false)]
    [InlineData("system:bootstrappers:x-", false)]
    public void Extra_groups_must_match_the_group_pattern_without_trimming(string groups, bool accepted)
    {
        var secret = ReferenceSecret();
        secret.Data["auth-extra-groups"] = Encoding.UTF8.GetBytes(groups);
        var result = BootstrapTokenAuthenticator.Authenticate(Token, secret, BeforeExpiry);
        Assert.Equal(accepted, result.Authenticated);
    }

    [Fact]
    public void Groups_are_deduplicated_and_sorted()
    {
        var secret = ReferenceSecret();
        secret.Data["auth-extra-groups"] = Encoding.UTF8.GetBytes("system:bootstrappers:z,system:bootstrappers:a,system:bootstrappers:z");
        var result = BootstrapTokenAuthenticator.Authenticate(Token, secret, BeforeExpiry);
        Assert.Equal(["system:bootstrappers", "system:bootstrappers:a", "system:bootstrappers:z"], result.Groups);
    }
}

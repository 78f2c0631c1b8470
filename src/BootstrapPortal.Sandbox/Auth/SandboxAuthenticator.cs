using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BootstrapPortal.Core.Tokens;
using BootstrapPortal.Sandbox.Server;
using BootstrapPortal.Sandbox.Storage;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Sandbox.Auth;

/// <summary>
/// Authentication like kube-apiserver with x509 client certificates, bootstrap tokens and anonymous access (k/k plugin/pkg/auth/authenticator/token/bootstrap/bootstrap.go):
/// a valid client certificate from the sandbox CA ⇒ CN/O; <c>Authorization: Bearer</c> ⇒ bootstrap token authenticator;
/// no credentials ⇒ <c>system:anonymous</c>; presented but invalid credentials ⇒ 401.
/// </summary>
internal sealed class SandboxAuthenticator
{
    private const string CredentialIdKey = "authentication.kubernetes.io/credential-id";
    private readonly SandboxCertificateAuthority authority;
    private readonly ObjectStore store;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;

    public SandboxAuthenticator(SandboxCertificateAuthority authority, ObjectStore store, ServiceAccountTokens serviceAccountTokens, TimeProvider timeProvider, ILogger logger)
    {
        this.authority = authority;
        this.store = store;
        ServiceAccountTokens = serviceAccountTokens;
        this.timeProvider = timeProvider;
        this.logger = logger;
    }

    /// <summary>The ServiceAccount token issuer and authenticator.</summary>
    public ServiceAccountTokens ServiceAccountTokens { get; }

    public SandboxUser Authenticate(HttpContext context)
    {
        var certificate = context.Connection.ClientCertificate;
        if (certificate is not null && authority.Verifies(certificate))
        {
            return FromCertificate(certificate);
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = authorization["Bearer ".Length..].Trim();
            var user = AuthenticateToken(token);
            if (user is not null)
            {
                return user;
            }

            throw ApiException.Unauthorized();
        }

        if (certificate is not null || authorization.Length > 0)
        {
            logger.LogInformation("Rejected request to {Path}: credentials were presented but not accepted", context.Request.Path.Value);
            throw ApiException.Unauthorized();
        }

        return SandboxUser.AnonymousUser;
    }

    /// <summary>Bearer token authentication: bootstrap tokens, then ServiceAccount tokens (also used by TokenReview); null when not authenticated.</summary>
    public SandboxUser? AuthenticateToken(string token, IReadOnlyList<string>? audiences = null)
    {
        if (!BootstrapTokenFormat.TryParse(token, out var id, out _))
        {
            return ServiceAccountTokens.Authenticate(token, audiences);
        }

        var stored = store.Get(ResourceCatalog.Secrets, BootstrapTokenFormat.SecretNamespace, BootstrapTokenFormat.SecretName(id));
        var secret = stored is null ? null : KubernetesJson.Deserialize<V1Secret>(stored.Json.GetRawText());
        var result = BootstrapTokenAuthenticator.Authenticate(token, secret, timeProvider.GetUtcNow());
        if (!result.Authenticated)
        {
            // The reason never contains the secret part of the token.
            logger.LogInformation("Bootstrap token {TokenId} rejected: {Reason}", id, result.Reason);
            return null;
        }

        return new SandboxUser(result.UserName!, null, SandboxUser.WithAuthenticatedGroup(result.UserName!, result.Groups),
            new Dictionary<string, IReadOnlyList<string>>());
    }

    private static SandboxUser FromCertificate(X509Certificate2 certificate)
    {
        string commonName = string.Empty;
        var organizations = new List<string>();
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames(reversed: false))
        {
            switch (rdn.GetSingleElementType().Value)
            {
                case "2.5.4.3":
                    commonName = rdn.GetSingleElementValue() ?? string.Empty;
                    break;
                case "2.5.4.10":
                    organizations.Add(rdn.GetSingleElementValue() ?? string.Empty);
                    break;
            }
        }

        var credentialId = "X509SHA256=" + Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
        return new SandboxUser(commonName, null, SandboxUser.WithAuthenticatedGroup(commonName, organizations),
            new Dictionary<string, IReadOnlyList<string>> { [CredentialIdKey] = [credentialId] });
    }
}

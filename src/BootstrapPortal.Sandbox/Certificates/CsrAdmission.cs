using System.Text;
using System.Text.Json.Nodes;
using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Sandbox.Auth;
using BootstrapPortal.Sandbox.Server;
using BootstrapPortal.Sandbox.Storage;

namespace BootstrapPortal.Sandbox.Certificates;

/// <summary>Admission plugins CertificateApproval, CertificateSigning and CertificateSubjectRestriction (k/k plugin/pkg/admission/certificates/).</summary>
internal static class CsrAdmission
{
    /// <summary>Requires verb <paramref name="verb"/> (approve|sign) on <c>signers</c> for the CSR's signerName or <c>&lt;domain&gt;/*</c>.</summary>
    public static void CheckSignerPermission(SandboxAuthorizer authorizer, SandboxUser user, StoredObject csr, string verb)
    {
        var signerName = csr.Json.GetProperty("spec").TryGetProperty("signerName", out var s) ? s.GetString() ?? string.Empty : string.Empty;
        if (IsAuthorizedForSignerName(authorizer, user, verb, signerName))
        {
            return;
        }

        throw ApiException.Forbidden("certificates.k8s.io", "certificatesigningrequests", csr.Name,
            $"user not permitted to {verb} requests with signerName \"{signerName}\"");
    }

    public static bool IsAuthorizedForSignerName(SandboxAuthorizer authorizer, SandboxUser user, string verb, string signerName)
    {
        if (authorizer.Authorize(SignerRequest(user, verb, signerName)).Allowed)
        {
            return true;
        }

        var slash = signerName.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && authorizer.Authorize(SignerRequest(user, verb, signerName[..slash] + "/*")).Allowed;
    }

    /// <summary>kube-apiserver-client CSRs may not ask for <c>O=system:masters</c>.</summary>
    public static void CheckSubjectRestriction(JsonObject csr)
    {
        if (csr["spec"]?["signerName"]?.GetValue<string>() != "kubernetes.io/kube-apiserver-client")
        {
            return;
        }

        try
        {
            var pem = Encoding.UTF8.GetString(Convert.FromBase64String(csr["spec"]?["request"]?.GetValue<string>() ?? string.Empty));
            var info = CertificateSigningRequestInfo.Parse(pem);
            if (info.Organizations.Contains(SandboxUser.MastersGroup))
            {
                throw ApiException.Forbidden("certificates.k8s.io", "certificatesigningrequests", csr["metadata"]?["name"]?.GetValue<string>(),
                    "use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed");
            }
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Validation already rejected unparseable requests.
        }
    }

    private static RbacRequest SignerRequest(SandboxUser user, string verb, string name) =>
        RbacRequest.ForResource(user.Name, user.Groups, verb, "certificates.k8s.io", "signers", null, name, null);
}

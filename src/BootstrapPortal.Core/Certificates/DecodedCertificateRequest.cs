using System.Collections.Immutable;

namespace BootstrapPortal.Core.Certificates;

/// <summary>A decoded PKCS#10 certificate signing request (the content of a CSR object's <c>spec.request</c>).</summary>
/// <param name="Version">The PKCS#10 version number as encoded (0 means v1).</param>
/// <param name="SignatureValid">Whether the self-signature verifies with the request's own key (kube-apiserver rejects the request otherwise).</param>
/// <param name="SignatureError">Why the signature could not be checked or did not verify; null when valid.</param>
/// <param name="Extensions">Extensions requested through the PKCS#9 extensionRequest attribute. Kubernetes signers ignore them (usages come from <c>spec.usages</c>), except the subject alternative names.</param>
/// <param name="OtherAttributes">OIDs of any other PKCS#10 attributes (e.g. challengePassword 1.2.840.113549.1.9.7).</param>
/// <param name="SubjectDer">The subject Name exactly as encoded (a Kubernetes signer copies it verbatim into the certificate).</param>
/// <param name="SubjectPublicKeyInfoDer">The SubjectPublicKeyInfo exactly as encoded.</param>
public sealed record DecodedCertificateRequest(
    int Version,
    DistinguishedName Subject,
    SubjectAlternativeNames SubjectAlternativeNames,
    PublicKeyDescription PublicKey,
    string SignatureAlgorithm,
    string SignatureAlgorithmOid,
    bool SignatureValid,
    string? SignatureError,
    IReadOnlyList<ExtensionDescription> Extensions,
    IReadOnlyList<string> OtherAttributes,
    ImmutableArray<byte> SubjectDer,
    ImmutableArray<byte> SubjectPublicKeyInfoDer)
{
    /// <summary>The subject CN (last CN attribute, as Go reads it); kubelet requests use <c>system:node:&lt;name&gt;</c>.</summary>
    public string? CommonName => Subject.CommonName;

    /// <summary>The subject O values in order; kubelet requests use exactly <c>system:nodes</c>.</summary>
    public IReadOnlyList<string> Organizations => Subject.Organizations;
}

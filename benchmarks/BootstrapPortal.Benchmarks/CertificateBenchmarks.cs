using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using BootstrapPortal.Benchmarks.Fleet;
using BootstrapPortal.Core.Certificates;

namespace BootstrapPortal.Benchmarks;

/// <summary>
/// Decoding and verifying a CSR's PKCS#10 request (parse, subject, SANs, key, self-signature), per key algorithm, and
/// decoding an issued certificate: the work the portal does once per object version.
/// </summary>
[MemoryDiagnoser]
public class CertificateBenchmarks
{
    private byte[] _p256 = [];
    private byte[] _rsa2048 = [];
    private byte[] _ed25519 = [];
    private byte[] _certificate = [];

    [GlobalSetup]
    public void Setup()
    {
        var address = IPAddress.Parse("10.0.0.7");
        _p256 = FleetRequests.KubeletServing("worker-7", address, FleetKeyAlgorithm.EcdsaP256);
        _rsa2048 = FleetRequests.KubeletServing("worker-7", address, FleetKeyAlgorithm.Rsa2048);
        _ed25519 = FleetRequests.KubeletServing("worker-7", address, FleetKeyAlgorithm.Ed25519);
        _certificate = IssuedCertificatePem();
        foreach (var input in new[] { _p256, _rsa2048, _ed25519 })
        {
            var decoded = CertificateRequestDecoder.Decode(input, PemParsing.KubeApiServer);
            if (!decoded.IsSuccess || !decoded.Value.SignatureValid)
            {
                throw new InvalidOperationException("benchmark input does not decode and verify: " + decoded.Error);
            }
        }

        if (!CertificateDecoder.Decode(_certificate, PemParsing.KubeApiServer).IsSuccess)
        {
            throw new InvalidOperationException("benchmark certificate does not decode");
        }
    }

    [Benchmark(Baseline = true, Description = "decode+verify CSR, ECDSA P-256")]
    public bool DecodeVerifyP256() => CertificateRequestDecoder.Decode(_p256, PemParsing.KubeApiServer).Value!.SignatureValid;

    [Benchmark(Description = "decode+verify CSR, RSA-2048")]
    public bool DecodeVerifyRsa2048() => CertificateRequestDecoder.Decode(_rsa2048, PemParsing.KubeApiServer).Value!.SignatureValid;

    [Benchmark(Description = "decode+verify CSR, Ed25519")]
    public bool DecodeVerifyEd25519() => CertificateRequestDecoder.Decode(_ed25519, PemParsing.KubeApiServer).Value!.SignatureValid;

    [Benchmark(Description = "decode certificate (P-256 leaf)")]
    public int DecodeCertificate() => CertificateDecoder.Decode(_certificate, PemParsing.KubeApiServer).Value!.Certificates.Count;

    /// <summary>A kubelet-serving certificate issued by a P-256 CA, as the cluster signer issues them.</summary>
    private static byte[] IssuedCertificatePem()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=kubernetes", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(10));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("O=system:nodes, CN=system:node:worker-7", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("worker-7");
        san.AddIpAddress(IPAddress.Parse("10.0.0.7"));
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leaf = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(365), [1, 2, 3, 4, 5, 6, 7, 8]);
        return System.Text.Encoding.ASCII.GetBytes(leaf.ExportCertificatePem() + "\n");
    }
}

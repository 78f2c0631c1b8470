using System.Text;
using BootstrapPortal.Core.Certificates;

namespace BootstrapPortal.Core.Tests.Certificates;

/// <summary>Certificates issued now by openssl (a CA, an intermediate, serving and client leaves), compared with openssl.</summary>
public sealed class FreshCertificateTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string MakeCa(string name, string subject, string? signerCert = null, string? signerKey = null)
    {
        var key = _temp.File(name + ".key");
        var cert = _temp.File(name + ".crt");
        OpenSsl.Ok(_temp.Path, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-out", key);
        if (signerCert is null)
        {
            OpenSsl.Ok(_temp.Path, "req", "-x509", "-new", "-key", key, "-subj", subject, "-days", "3650",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign,digitalSignature",
                "-out", cert);
        }
        else
        {
            var csr = _temp.File(name + ".csr");
            var ext = _temp.File(name + ".ext");
            File.WriteAllText(ext, "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
            OpenSsl.Ok(_temp.Path, "req", "-new", "-key", key, "-subj", subject, "-out", csr);
            OpenSsl.Ok(_temp.Path, "x509", "-req", "-in", csr, "-CA", signerCert, "-CAkey", signerKey!, "-days", "1825",
                "-set_serial", "0x01", "-extfile", ext, "-out", cert);
        }

        return cert;
    }

    private string IssueLeaf(string name, string keyAlgorithm, string extensions, string caCert, string caKey, string serial)
    {
        var key = _temp.File(name + ".key");
        var csr = _temp.File(name + ".csr");
        var cert = _temp.File(name + ".crt");
        var ext = _temp.File(name + ".ext");
        string[] keyArguments = keyAlgorithm == "rsa" ? ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"] : ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:prime256v1"];
        OpenSsl.Ok(_temp.Path, ["genpkey", .. keyArguments, "-out", key]);
        OpenSsl.Ok(_temp.Path, "req", "-new", "-key", key, "-subj", "/O=system:nodes/CN=system:node:" + name, "-out", csr);
        File.WriteAllText(ext, extensions);
        OpenSsl.Ok(_temp.Path, "x509", "-req", "-in", csr, "-CA", caCert, "-CAkey", caKey, "-days", "365",
            "-set_serial", serial, "-extfile", ext, "-out", cert);
        return cert;
    }

    [Fact]
    public void ServingCertificate_WithSans_MatchesOpenSsl()
    {
        var ca = MakeCa("ca", "/CN=kubernetes");
        var leaf = IssueLeaf("worker-7", "rsa",
            "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n" +
            "subjectAltName=DNS:worker-7,DNS:worker-7.cluster.local,IP:10.0.0.7,IP:fd00::7\nauthorityKeyIdentifier=keyid\n",
            ca, _temp.File("ca.key"), "0x00ff0102030405060708090a0b0c0d0e");

        var result = CertificateDecoder.Decode(File.ReadAllBytes(leaf));

        Assert.True(result.IsSuccess, result.Error);
        var cert = result.Value.Leaf;
        OpenSslComparison.AssertCertificate(_temp.Path, leaf, cert);
        Assert.Equal("FF0102030405060708090A0B0C0D0E", cert.SerialNumber);
        Assert.Equal(["worker-7", "worker-7.cluster.local"], cert.SubjectAlternativeNames.DnsNames);
        Assert.Equal(["10.0.0.7", "fd00::7"], cert.SubjectAlternativeNames.IpAddresses);
        Assert.Equal(["digitalSignature", "keyEncipherment"], cert.KeyUsages);
        Assert.Equal(["serverAuth"], cert.ExtendedKeyUsages);
        Assert.Equal(["digital signature", "key encipherment", "server auth"], cert.KubernetesUsages);
        Assert.Equal("RSA 2048 bit", cert.PublicKey.Description);

        var check = cert.ChainsTo(File.ReadAllBytes(ca));
        Assert.True(check.IsSuccess, check.Error);
        Assert.True(check.Value.ChainsTo);
        Assert.Equal(0, OpenSsl.Run(_temp.Path, "verify", "-CAfile", ca, leaf).ExitCode);
    }

    [Fact]
    public void SmallSerial_IsPrintedLikeOpenSsl()
    {
        var ca = MakeCa("ca", "/CN=kubernetes");
        var leaf = IssueLeaf("worker-8", "ec", "basicConstraints=CA:FALSE\n", ca, _temp.File("ca.key"), "5");

        var result = CertificateDecoder.Decode(File.ReadAllBytes(leaf));

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal("05", result.Value.Leaf.SerialNumber);
        OpenSslComparison.AssertCertificate(_temp.Path, leaf, result.Value.Leaf);
    }

    [Fact]
    public void ChainWithIntermediate_DecodesInOrder_AndOnlyTheRightCaSignedEachCertificate()
    {
        var root = MakeCa("root", "/CN=root-ca");
        var intermediate = MakeCa("intermediate", "/CN=intermediate-ca", root, _temp.File("root.key"));
        var leaf = IssueLeaf("worker-9", "ec",
            "keyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\nbasicConstraints=critical,CA:FALSE\nauthorityKeyIdentifier=keyid\n",
            intermediate, _temp.File("intermediate.key"), "0x7f");
        var chainPem = File.ReadAllText(leaf) + File.ReadAllText(intermediate);

        var result = CertificateDecoder.Decode(Encoding.ASCII.GetBytes(chainPem));

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(2, result.Value.Count);
        var (decodedLeaf, decodedIntermediate) = (result.Value.Leaf, result.Value.Certificates[1]);
        OpenSslComparison.AssertCertificate(_temp.Path, leaf, decodedLeaf);
        OpenSslComparison.AssertCertificate(_temp.Path, intermediate, decodedIntermediate);
        Assert.Equal("CN = intermediate-ca", decodedLeaf.Issuer.Text);
        Assert.True(decodedIntermediate.IsCertificateAuthority);
        Assert.Equal(0, decodedIntermediate.PathLengthConstraint);

        var leafToIntermediate = decodedLeaf.ChainsTo(File.ReadAllBytes(intermediate)).Value!;
        var leafToRoot = decodedLeaf.ChainsTo(File.ReadAllBytes(root)).Value!;
        var intermediateToRoot = decodedIntermediate.ChainsTo(File.ReadAllBytes(root)).Value!;
        Assert.True(leafToIntermediate.ChainsTo);
        Assert.True(leafToIntermediate.AuthorityKeyIdMatches);
        Assert.False(leafToRoot.ChainsTo);
        Assert.False(leafToRoot.IssuerMatchesSubject);
        Assert.True(intermediateToRoot.ChainsTo);

        // A bundle holding both CAs: the one that signed the leaf is reported.
        var bundle = decodedLeaf.ChainsTo(Encoding.ASCII.GetBytes(File.ReadAllText(root) + File.ReadAllText(intermediate))).Value!;
        Assert.True(bundle.ChainsTo);
        Assert.Equal("CN = intermediate-ca", bundle.CaSubject.Text);
    }

    [Fact]
    public void CaWithTheSameNameButAnotherKey_MatchesByNameButNotBySignature()
    {
        var realCa = MakeCa("real", "/CN=kubernetes");
        var impostor = MakeCa("impostor", "/CN=kubernetes");
        var leaf = IssueLeaf("worker-10", "ec", "basicConstraints=CA:FALSE\n", realCa, _temp.File("real.key"), "0x10");
        var decoded = CertificateDecoder.Decode(File.ReadAllBytes(leaf)).Value!.Leaf;

        var check = decoded.ChainsTo(File.ReadAllBytes(impostor));

        Assert.True(check.IsSuccess, check.Error);
        Assert.True(check.Value.IssuerMatchesSubject);
        Assert.False(check.Value.SignatureValid);
        Assert.NotNull(check.Value.SignatureError);
        Assert.False(check.Value.ChainsTo);
        Assert.NotEqual(0, OpenSsl.Run(_temp.Path, "verify", "-CAfile", impostor, leaf).ExitCode);
    }

    [Fact]
    public void ChainsTo_WithGarbageCa_IsAnError()
    {
        var decoded = CertificateDecoder.Decode(Vectors.Bytes("node.crt")).Value!.Leaf;

        var check = decoded.ChainsTo("not a certificate"u8);

        Assert.False(check.IsSuccess);
        Assert.StartsWith("the CA certificate cannot be decoded: no PEM block found", check.Error, StringComparison.Ordinal);
    }
}

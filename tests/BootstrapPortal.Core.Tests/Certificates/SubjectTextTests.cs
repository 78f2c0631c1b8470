using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using BootstrapPortal.Core.Certificates;

namespace BootstrapPortal.Core.Tests.Certificates;

/// <summary>Subject values are returned verbatim: Core never escapes (the UI does), and unusual text survives intact.</summary>
public sealed class SubjectTextTests
{
    [Fact]
    public void HtmlInTheCommonName_DecodesVerbatim_AsOpenSslSeesIt()
    {
        using var temp = new TempDirectory();
        var csrPath = temp.File("html.csr");
        OpenSsl.Ok(temp.Path, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", temp.File("html.key"), "-subj", "/O=<b>system:nodes<\\/b>/CN=<script>alert(1)<\\/script>", "-out", csrPath);

        var result = CertificateRequestDecoder.Decode(File.ReadAllBytes(csrPath));

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal("<script>alert(1)</script>", result.Value.CommonName);
        Assert.Equal(["<b>system:nodes</b>"], result.Value.Organizations);
        Assert.Equal("O = <b>system:nodes</b>, CN = <script>alert(1)</script>", result.Value.Subject.Text);
        OpenSslComparison.AssertRequest(temp.Path, csrPath, result.Value);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("\"quoted\" & 'single' <tag attr=\"x\">")]
    [InlineData("Jürgen Müller — 東京 🚀")]
    [InlineData("comma, plus+ equals= semicolon; backslash\\ hash#")]
    [InlineData("  leading and trailing spaces  ")]
    public void UnusualText_RoundTripsExactly(string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(commonName);
        name.AddOrganizationName(commonName + " org");
        var request = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256);

        var result = CertificateRequestDecoder.Decode(Encoding.ASCII.GetBytes(request.CreateSigningRequestPem()));

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(commonName, result.Value.CommonName);
        Assert.Equal([commonName + " org"], result.Value.Organizations);
        Assert.True(result.Value.SignatureValid);
    }

    [Fact]
    public void SeveralCommonNamesAndOrganizations_FollowGoRules()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        // Encoding order: O=a, O=b, CN=first, CN=last (the builder encodes the last addition first).
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName("last");
        name.AddCommonName("first");
        name.AddOrganizationName("b");
        name.AddOrganizationName("a");
        var request = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256);

        var result = CertificateRequestDecoder.Decode(Encoding.ASCII.GetBytes(request.CreateSigningRequestPem()));

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(["O", "O", "CN", "CN"], result.Value.Subject.Attributes.Select(a => a.Type));
        Assert.Equal(["a", "b"], result.Value.Organizations);
        // Go's pkix.Name keeps the last CN it reads.
        Assert.Equal("last", result.Value.CommonName);
    }

    [Fact]
    public void UnknownAttributeTypes_AreShownByOid()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("OID.1.3.6.1.4.1.99999.1=custom, CN=x"), key, HashAlgorithmName.SHA256);

        var result = CertificateRequestDecoder.Decode(Encoding.ASCII.GetBytes(request.CreateSigningRequestPem()));

        Assert.True(result.IsSuccess, result.Error);
        Assert.Contains(new NameAttribute("1.3.6.1.4.1.99999.1", "1.3.6.1.4.1.99999.1", "custom"), result.Value.Subject.Attributes);
    }
}

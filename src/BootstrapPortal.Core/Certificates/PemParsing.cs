namespace BootstrapPortal.Core.Certificates;

/// <summary>How strictly the PEM armour around a request or certificate is read.</summary>
public enum PemParsing
{
    /// <summary>
    /// Only PEM blocks of the expected type separated by whitespace: a request must be exactly one
    /// <c>CERTIFICATE REQUEST</c> block, a certificate chain only <c>CERTIFICATE</c> blocks; no PEM headers,
    /// no text before, between or after the blocks.
    /// </summary>
    Strict = 0,

    /// <summary>
    /// What kube-apiserver validation accepts (Go <c>encoding/pem.Decode</c>): for a request the first PEM block
    /// must be a <c>CERTIFICATE REQUEST</c> and anything around it is ignored; for <c>status.certificate</c> every PEM
    /// block must be a header-less <c>CERTIFICATE</c> and text between blocks is ignored. Ignored input is reported
    /// as warnings.
    /// </summary>
    KubeApiServer = 1,
}

namespace BootstrapPortal.Core.Certificates;

/// <summary>What the extension reader extracted from a list of extensions.</summary>
internal sealed record ExtensionSet(
    IReadOnlyList<ExtensionDescription> Descriptions,
    SubjectAlternativeNames SubjectAlternativeNames,
    IReadOnlyList<int> KeyUsageBits,
    IReadOnlyList<string> ExtendedKeyUsages,
    bool? IsCertificateAuthority,
    int? PathLengthConstraint,
    byte[]? SubjectKeyId,
    byte[]? AuthorityKeyId);

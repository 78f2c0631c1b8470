namespace BootstrapPortal.Core.Certificates;

/// <summary>
/// Subject alternative names split by kind, each list in encoding order. IP addresses use .NET's canonical text
/// (IPv6 compressed, like Go's <c>net.IP.String</c>). <see cref="Other"/> holds kinds Kubernetes ignores
/// (otherName, directoryName, registeredID, …) as <c>kind:detail</c>.
/// </summary>
public sealed record SubjectAlternativeNames(
    IReadOnlyList<string> DnsNames,
    IReadOnlyList<string> IpAddresses,
    IReadOnlyList<string> EmailAddresses,
    IReadOnlyList<string> Uris,
    IReadOnlyList<string> Other)
{
    public static SubjectAlternativeNames None { get; } = new([], [], [], [], []);

    public bool IsEmpty =>
        DnsNames.Count == 0 && IpAddresses.Count == 0 && EmailAddresses.Count == 0 && Uris.Count == 0 && Other.Count == 0;
}

namespace BootstrapPortal.Core.Certificates;

/// <summary>
/// One attribute of a distinguished name, in encoding order.
/// <see cref="Type"/> is the OpenSSL short name (<c>CN</c>, <c>O</c>, …) or the dotted OID when unknown.
/// <see cref="Value"/> is the decoded text, verbatim (no escaping); a value that is not a string is shown as
/// <c>#</c> + hex of its DER, as RFC 4514 does.
/// </summary>
public sealed record NameAttribute(string Type, string Oid, string Value);

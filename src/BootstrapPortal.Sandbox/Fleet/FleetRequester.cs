namespace BootstrapPortal.Sandbox.Fleet;

/// <summary>Who created a preloaded CSR, as the API server recorded it in <c>spec.username/uid/groups/extra</c>.</summary>
/// <param name="CredentialId">The <c>authentication.kubernetes.io/credential-id</c> extra value, when known.</param>
internal sealed record FleetRequester(string UserName, string? Uid, IReadOnlyList<string> Groups, string? CredentialId);

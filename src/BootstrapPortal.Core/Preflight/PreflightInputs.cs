using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Core.Tokens;
using k8s.Models;

namespace BootstrapPortal.Core.Preflight;

/// <summary>Everything one preflight run looked at; the checks are pure functions of it.</summary>
public sealed record PreflightInputs(
    DateTimeOffset Now,
    PreflightOptions Options,
    ControlPlaneFlags Flags,
    V1ConfigMap? ClusterInfo,
    string? ClusterInfoError,
    AnonymousReadOutcome Anonymous,
    TokenProbeOutcome Probe,
    IReadOnlyList<V1Secret> TokenSecrets,
    IReadOnlyList<BootstrapTokenInfo> Tokens,
    IReadOnlyList<CsrEntry> Csrs,
    RbacPolicy Rbac);

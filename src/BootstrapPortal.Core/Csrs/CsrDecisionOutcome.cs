namespace BootstrapPortal.Core.Csrs;

/// <summary>What happened to one approve/deny request.</summary>
public enum CsrDecisionOutcome
{
    /// <summary>The portal wrote an Approved condition.</summary>
    Approved,

    /// <summary>The portal wrote a Denied condition.</summary>
    Denied,

    /// <summary>Someone else approved or denied it first; nothing was overwritten (see <see cref="CsrDecisionResult.ExistingDecision"/>).</summary>
    AlreadyDecided,

    /// <summary>The CSR changed while the decision was written (409) and is still undecided; nothing was written.</summary>
    Conflict,

    /// <summary>No CSR of that name exists.</summary>
    NotFound,

    /// <summary>Skipped by a bulk approval: a Warn verdict without a per-item confirmation, or a Fail verdict without an override.</summary>
    Skipped,

    /// <summary>Refused: the verdict fails and the approval did not override it explicitly; nothing was written.</summary>
    VerdictFails,

    /// <summary>The API server refused (e.g. 403 without the approve permission on the signer).</summary>
    Forbidden,

    /// <summary>Any other failure (cluster unreachable, invalid input…).</summary>
    Failed,
}

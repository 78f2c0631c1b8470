namespace BootstrapPortal.Core.Preflight;

/// <summary>The outcome of one preflight check.</summary>
public enum PreflightStatus
{
    Pass,

    /// <summary>Works, with a risk or a gap worth fixing.</summary>
    Warn,

    /// <summary>Broken: the bootstrap flow fails here.</summary>
    Fail,

    /// <summary>The portal cannot tell (no evidence, or no permission to look); never a guess in either direction.</summary>
    Unknown,
}

namespace BootstrapPortal.FleetHarness;

/// <summary>How a measured value is held against its target.</summary>
public enum TargetKind
{
    /// <summary>No target: the figure is reported.</summary>
    None,

    /// <summary>Met when the value is at most the limit.</summary>
    AtMost,

    /// <summary>Met when the value is at least the limit.</summary>
    AtLeast,
}

/// <summary>One figure of a run: what, its value (null when it could not be measured), its unit and its target.</summary>
public sealed record Measurement(string Key, string What, double? Value, string Unit, TargetKind Target = TargetKind.None, double Limit = 0, string? Note = null)
{
    /// <summary>Null without a target or a value; else whether the value meets it.</summary>
    public bool? Met => Target == TargetKind.None || Value is null ? null
        : Target == TargetKind.AtMost ? Value <= Limit
        : Value >= Limit;
}

namespace BootstrapPortal.Core.Csrs.Serving;

/// <summary>One invalid field of a serving policy: <see cref="Field"/> is the JSON path (<c>allowedIpPrefixes[1]</c>).</summary>
public sealed record ServingPolicyError(string Field, string Message);

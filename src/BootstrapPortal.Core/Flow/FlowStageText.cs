namespace BootstrapPortal.Core.Flow;

/// <summary>Names of the flow's stages for people and for query strings.</summary>
public static class FlowStageText
{
    public static string Label(BootstrapStage stage) => stage switch
    {
        BootstrapStage.Token => "Token",
        BootstrapStage.CsrCreated => "CSR created",
        BootstrapStage.Approved => "Approved",
        BootstrapStage.CertificateIssued => "Certificate issued",
        BootstrapStage.Registered => "Node registered",
        BootstrapStage.Renewed => "Renewed",
        _ => stage.ToString(),
    };

    /// <summary>The query-string value of a stage (<c>token</c>, <c>csr</c>, <c>approved</c>, <c>issued</c>, <c>registered</c>, <c>renewed</c>).</summary>
    public static string Slug(BootstrapStage stage) => stage switch
    {
        BootstrapStage.Token => "token",
        BootstrapStage.CsrCreated => "csr",
        BootstrapStage.Approved => "approved",
        BootstrapStage.CertificateIssued => "issued",
        BootstrapStage.Registered => "registered",
        BootstrapStage.Renewed => "renewed",
        _ => stage.ToString().ToLowerInvariant(),
    };

    /// <summary>Parses a <see cref="Slug"/> (case-insensitive); false for anything else.</summary>
    public static bool TryParse(string? text, out BootstrapStage stage)
    {
        foreach (var candidate in Enum.GetValues<BootstrapStage>())
        {
            if (string.Equals(Slug(candidate), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                stage = candidate;
                return true;
            }
        }

        stage = default;
        return false;
    }
}

using BootstrapPortal.Core.Text;

namespace BootstrapPortal.Core.Flow;

/// <summary>Names of the flow's stages for people and for query strings.</summary>
public static class FlowStageText
{
    /// <summary>The English name of a stage.</summary>
    public static string Label(BootstrapStage stage) => LabelText(stage).ToString();

    /// <summary>The name of a stage, to render in the reader's language.</summary>
    public static PortalText LabelText(BootstrapStage stage) => stage switch
    {
        BootstrapStage.Token => FlowText.StageToken.Text,
        BootstrapStage.CsrCreated => FlowText.StageCsrCreated.Text,
        BootstrapStage.Approved => FlowText.StageApproved.Text,
        BootstrapStage.CertificateIssued => FlowText.StageCertificateIssued.Text,
        BootstrapStage.Registered => FlowText.StageRegistered.Text,
        BootstrapStage.Renewed => FlowText.StageRenewed.Text,
        _ => CommonText.Plain(stage.ToString()),
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

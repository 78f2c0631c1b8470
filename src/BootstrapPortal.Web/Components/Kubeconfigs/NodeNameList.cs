namespace BootstrapPortal.Web.Components.Kubeconfigs;

/// <summary>Reads the node names a person typed: one per line, or separated by commas or spaces; duplicates dropped, order kept.</summary>
public static class NodeNameList
{
    public static IReadOnlyList<string> Parse(string? text) =>
        (text ?? string.Empty)
            .Split(['\n', '\r', ',', ' ', '\t', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
}

namespace BootstrapPortal.Web.Tests.Localization;

/// <summary>The repository the tests were built from (found by walking up to the solution file).</summary>
internal static class SourceTree
{
    public static string Root { get; } = FindRoot();

    public static string Web => Path.Combine(Root, "src", "BootstrapPortal.Web");

    public static IEnumerable<string> RazorFiles() =>
        Directory.EnumerateFiles(Path.Combine(Web, "Components"), "*.razor", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    public static IEnumerable<string> ComponentSources() =>
        Directory.EnumerateFiles(Path.Combine(Web, "Components"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    public static string Relative(string path) => Path.GetRelativePath(Root, path);

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BootstrapPortal.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (BootstrapPortal.sln) is not above " + AppContext.BaseDirectory);
    }
}

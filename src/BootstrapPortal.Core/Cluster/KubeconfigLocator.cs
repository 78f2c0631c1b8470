namespace BootstrapPortal.Core.Cluster;

/// <summary>Resolves the kubeconfig file the way kubectl does for a single path: the setting, else <c>$KUBECONFIG</c>, else <c>~/.kube/config</c>.</summary>
public static class KubeconfigLocator
{
    public static string Resolve(string? configuredPath, Func<string, string?> environment, string homeDirectory)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrWhiteSpace(configuredPath))
        {
            return ExpandHome(configuredPath.Trim(), homeDirectory);
        }

        var fromEnvironment = environment("KUBECONFIG");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            // KUBECONFIG may hold a list; the portal reads the first file of it.
            var first = fromEnvironment.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            if (first is not null)
            {
                return ExpandHome(first, homeDirectory);
            }
        }

        return Path.Combine(homeDirectory, ".kube", "config");
    }

    public static string ResolveFromProcess(string? configuredPath) =>
        Resolve(configuredPath, Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    private static string ExpandHome(string path, string home) =>
        path == "~" ? home : path.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(home, path[2..]) : path;
}

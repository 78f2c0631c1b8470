using System.Text;

namespace BootstrapPortal.Web.Hosting;

/// <summary>
/// The few lines a newcomer needs once the portal listens (Development only): the address to open, where the sandbox wrote
/// its admin kubeconfig and a kubectl line that uses it. Pure, so it is tested without a host.
/// </summary>
public static class StartupBanner
{
    /// <param name="addresses">The addresses Kestrel listens on (<c>IServerAddressesFeature</c>).</param>
    /// <param name="clusterName">The name shown in the app bar.</param>
    /// <param name="sandboxKubeconfig">The sandbox's admin kubeconfig; null when the portal talks to a real cluster.</param>
    public static string Build(IEnumerable<string> addresses, string clusterName, string? sandboxKubeconfig)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var urls = addresses.Select(Browsable).Distinct(StringComparer.Ordinal).ToArray();
        var text = new StringBuilder();
        text.Append('\n');
        text.Append("  BootstrapPortal is ready").Append(string.IsNullOrEmpty(clusterName) ? string.Empty : " on " + clusterName).Append('\n');
        text.Append('\n');
        if (urls.Length == 0)
        {
            text.Append("  Open:     (no HTTP address: see the Kestrel settings)\n");
        }

        foreach (var url in urls)
        {
            text.Append("  Open:     ").Append(url).Append('\n');
        }

        if (sandboxKubeconfig is not null)
        {
            text.Append("  Sandbox:  admin kubeconfig ").Append(sandboxKubeconfig).Append('\n');
            text.Append("  kubectl:  kubectl --kubeconfig ").Append(Quote(sandboxKubeconfig)).Append(" get csr\n");
        }

        text.Append('\n');
        return text.ToString();
    }

    /// <summary>A wildcard listen address (<c>0.0.0.0</c>, <c>[::]</c>, <c>+</c>, <c>*</c>) as the address a browser on this machine opens.</summary>
    public static string Browsable(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        foreach (var wildcard in new[] { "://0.0.0.0", "://[::]", "://+", "://*" })
        {
            var at = address.IndexOf(wildcard, StringComparison.Ordinal);
            if (at >= 0)
            {
                return string.Concat(address.AsSpan(0, at), "://localhost", address.AsSpan(at + wildcard.Length));
            }
        }

        return address.TrimEnd('/');
    }

    /// <summary>The path as one shell word: single-quoted when it holds anything but plain path characters.</summary>
    public static string Quote(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.Length > 0 && path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '+' or ':' or '@' or ',')
            ? path
            : "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}

namespace BootstrapPortal.Core.Tokens;

/// <summary>The token usages kubeadm knows (<c>KnownTokenUsages</c>, k/k cmd/kubeadm/app/apis/bootstraptoken/v1/utils.go).</summary>
public static class BootstrapTokenUsages
{
    public const string Authentication = "authentication";
    public const string Signing = "signing";

    /// <summary>Every known usage; also the default set.</summary>
    public static IReadOnlyList<string> Known { get; } = [Authentication, Signing];

    /// <summary>The data key of <paramref name="usage"/> (<c>usage-bootstrap-&lt;usage&gt;</c>).</summary>
    public static string Key(string usage) => BootstrapTokenFormat.UsagePrefix + usage;
}

using BootstrapPortal.Core.Cluster;

namespace BootstrapPortal.Web.Components.Shared;

/// <summary>What a page says when an action fails.</summary>
public static class UserMessages
{
    public static string From(Exception exception) => KubernetesErrors.Describe(exception);
}

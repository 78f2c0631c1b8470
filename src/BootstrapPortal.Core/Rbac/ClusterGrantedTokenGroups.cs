using BootstrapPortal.Core.Tokens;

namespace BootstrapPortal.Core.Rbac;

/// <summary>New tokens get the groups of <see cref="BootstrapGroupAdvice"/> once the RBAC cache has synced.</summary>
public sealed class ClusterGrantedTokenGroups(RbacAuditService audit) : IDefaultTokenGroups
{
    public IReadOnlyList<string>? Current() => audit.IsSynced ? audit.Current.Advice.Groups : null;
}

namespace BootstrapPortal.Core.Tokens;

/// <summary>The extra groups a token gets when its request names none (the groups the cluster's RBAC actually grants bootstrapping to).</summary>
public interface IDefaultTokenGroups
{
    /// <summary>The groups, or null when unknown (then <see cref="TokenOptions.EffectiveDefaultGroups"/> apply).</summary>
    IReadOnlyList<string>? Current();
}

namespace BootstrapPortal.Core.Rbac;

/// <summary>How a checklist row stands.</summary>
public enum ChecklistStatus
{
    /// <summary>RBAC grants it.</summary>
    Satisfied,

    /// <summary>Not granted, and something relies on it: tokens that get it no other way, the group new tokens get, or nodes.</summary>
    Missing,

    /// <summary>Not granted to this group, but nothing relies on it (e.g. kubeadm grants bootstrapping to its node group only).</summary>
    NotNeeded,
}

namespace BootstrapPortal.Core.Access;

/// <summary>
/// Who is acting, passed explicitly to every service call that reads protected data or changes something. Services call
/// <see cref="Demand"/> before they act, so authorization holds whatever the caller (page, API, background job) is.
/// </summary>
public sealed record PortalActor
{
    public const string LocalName = "anonymous@loopback";

    public PortalActor(string name, PortalActorKind kind, IEnumerable<string>? groups, IEnumerable<PortalRole>? roles)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Any(char.IsControl))
        {
            throw new ArgumentException("The actor's name contains control characters.", nameof(name));
        }

        Name = name.Trim();
        Kind = kind;
        Groups = (groups ?? []).Where(g => !string.IsNullOrWhiteSpace(g)).Distinct(StringComparer.Ordinal).ToArray();
        Roles = (roles ?? []).ToHashSet();
    }

    /// <summary>The local-mode user: no login is configured and only loopback clients are served, so it is the machine's owner (Admin).</summary>
    public static PortalActor Local { get; } = new(LocalName, PortalActorKind.Local, [], [PortalRole.Admin]);

    /// <summary>The portal acting on its own behalf, e.g. <c>serving-policy-approver</c>.</summary>
    public static PortalActor Portal(string name) => new(name, PortalActorKind.Portal, [], [PortalRole.Admin]);

    public string Name { get; }

    public PortalActorKind Kind { get; }

    /// <summary>The person's groups as the identity provider gave them (used for impersonation and role mapping).</summary>
    public IReadOnlyList<string> Groups { get; }

    public IReadOnlySet<PortalRole> Roles { get; }

    /// <summary>A signed-in person or script (not local mode, not the portal itself): writes may impersonate them.</summary>
    public bool IsAuthenticatedIdentity => Kind is PortalActorKind.Person or PortalActorKind.Script;

    public bool Can(PortalPermission permission) => Roles.Any(r => PortalRoles.Grants(r, permission));

    /// <summary>Throws <see cref="PortalAccessDeniedException"/> unless one of the actor's roles grants <paramref name="permission"/>.</summary>
    public void Demand(PortalPermission permission)
    {
        if (!Can(permission))
        {
            throw new PortalAccessDeniedException(this, permission);
        }
    }

    public override string ToString() => Name;
}

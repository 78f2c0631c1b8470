namespace BootstrapPortal.Core.Audit;

/// <summary>One part of the composed audit trail (registered as many; <see cref="CompositeAuditTrail"/> calls them all).</summary>
public interface IAuditTrailWriter
{
    IAuditTrail Trail { get; }
}

/// <summary>Registers <typeparamref name="T"/> as a part of the composed audit trail.</summary>
public sealed class AuditTrailWriter<T>(T trail) : IAuditTrailWriter
    where T : IAuditTrail
{
    public IAuditTrail Trail { get; } = trail;
}

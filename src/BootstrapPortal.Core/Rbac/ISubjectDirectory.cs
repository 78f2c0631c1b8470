namespace BootstrapPortal.Core.Rbac;

/// <summary>Reads which namespaces and ServiceAccounts exist (not part of the shared cache; read on demand and kept briefly).</summary>
public interface ISubjectDirectory
{
    Task<SubjectDirectory> GetAsync(CancellationToken cancellationToken);
}

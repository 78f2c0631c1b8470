namespace BootstrapPortal.Core.Tokens;

/// <summary>No bootstrap token Secret exists for the id.</summary>
public sealed class BootstrapTokenNotFoundException(string id)
    : Exception($"Bootstrap token \"{id}\" was not found.")
{
    public string Id { get; } = id;
}

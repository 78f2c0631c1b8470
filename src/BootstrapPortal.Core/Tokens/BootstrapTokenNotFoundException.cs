namespace BootstrapPortal.Core.Tokens;

/// <summary>No bootstrap token Secret exists for the id. The message does not repeat the id (it may come from a URL).</summary>
public sealed class BootstrapTokenNotFoundException(string id)
    : Exception("No bootstrap token has that id.")
{
    public string Id { get; } = id;
}

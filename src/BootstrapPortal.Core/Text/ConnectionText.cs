namespace BootstrapPortal.Core.Text;

/// <summary>The state of the cluster connection, read from the caches; errors from the cluster stay verbatim.</summary>
public static class ConnectionText
{
    public static readonly TextFormat NoCaches = new("No caches are running yet.");
    public static readonly TextFormat AllSynced = new("All {0} caches synced.");
    public static readonly TextFormat CannotReach = new("Cannot reach the cluster: {0}");
    public static readonly TextFormat SomeFailing = new("{0} of {1} caches failing ({2}): {3}");
    public static readonly TextFormat SomeSynced = new("{0} of {1} caches synced.");
    public static readonly TextFormat Starting = new("Starting.");
}

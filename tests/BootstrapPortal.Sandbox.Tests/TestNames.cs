namespace BootstrapPortal.Sandbox.Tests;

/// <summary>Unique names so that tests sharing one cluster do not collide.</summary>
internal static class TestNames
{
    public static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];
}

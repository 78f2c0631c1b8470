namespace BootstrapPortal.Web.Hosting;

/// <summary>Where the Development start-up banner is written: the process's standard output (a test host gives its own writer).</summary>
/// <remarks>The Development console log goes to the same place: Serilog's console sink for the process, a text sink otherwise.</remarks>
public sealed class StartupConsole
{
    public StartupConsole()
    {
        Output = Console.Out;
        IsProcessConsole = true;
    }

    public StartupConsole(TextWriter output)
    {
        Output = output ?? throw new ArgumentNullException(nameof(output));
    }

    public TextWriter Output { get; }

    public bool IsProcessConsole { get; }
}

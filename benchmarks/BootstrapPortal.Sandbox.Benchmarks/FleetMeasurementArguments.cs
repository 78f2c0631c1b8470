using System.Globalization;

namespace BootstrapPortal.Sandbox.Benchmarks;

/// <summary>The fleet to measure: <c>--nodes N --issued N --pending N --tokens N --bindings N --runs N</c>.</summary>
internal sealed record FleetMeasurementArguments(int Nodes, int IssuedCsrs, int PendingCsrs, int Tokens, int Bindings, int Runs)
{
    public static readonly FleetMeasurementArguments Target = new(5_000, 8_000, 2_000, 500, 2_000, 5);

    /// <summary>Parses the arguments; null with <paramref name="error"/> naming the bad one.</summary>
    public static FleetMeasurementArguments? Parse(IReadOnlyList<string> args, out string? error)
    {
        var result = Target;
        error = null;
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                error = "expected a non-negative number after " + args[i];
                return null;
            }

            switch (args[i])
            {
                case "--nodes": result = result with { Nodes = value }; break;
                case "--issued": result = result with { IssuedCsrs = value }; break;
                case "--pending": result = result with { PendingCsrs = value }; break;
                case "--tokens": result = result with { Tokens = value }; break;
                case "--bindings": result = result with { Bindings = value }; break;
                case "--runs": result = result with { Runs = Math.Max(1, value) }; break;
                default:
                    error = "unknown argument " + args[i];
                    return null;
            }
        }

        return result;
    }
}

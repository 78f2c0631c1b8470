using System.Globalization;
using BootstrapPortal.Benchmarks.Fleet;

namespace BootstrapPortal.FleetHarness;

/// <summary>The harness's command line. <see cref="Parse"/> is total: a bad argument is an error naming it.</summary>
public sealed record HarnessOptions
{
    public FleetShape Fleet { get; init; } = FleetShape.Target;

    /// <summary>Concurrent API clients.</summary>
    public int ApiClients { get; init; } = 20;

    /// <summary>Requests each API client sends (half lists, half details).</summary>
    public int RequestsPerClient { get; init; } = 40;

    /// <summary>Headless Chromium sessions kept open on the CSR page.</summary>
    public int Browsers { get; init; } = 5;

    /// <summary>CSRs approved through the API in the bulk-approval measurement.</summary>
    public int BulkApprovals { get; init; } = 1000;

    /// <summary>Names per call of <c>POST /api/v1/csrs/approve</c> in the bulk measurement (the endpoint takes at most 1,000).</summary>
    public int BulkBatch { get; init; } = BulkApprovalCalls.MaxBatch;

    /// <summary>Bulk-approval calls in flight at once (the portal approves the items of each call with its own bounded concurrency).</summary>
    public int BulkConcurrency { get; init; } = 1;

    /// <summary>Seconds over which idle CPU is sampled.</summary>
    public int IdleSeconds { get; init; } = 30;

    /// <summary>Seconds to wait after the sessions close before reading RSS again.</summary>
    public int AfterCloseSeconds { get; init; } = 60;

    /// <summary>The published portal (a folder holding BootstrapPortal.Web.dll, or the dll).</summary>
    public string Portal { get; init; } = "benchmarks/.portal";

    /// <summary>The published sandbox host (a folder holding BootstrapPortal.SandboxHost.dll, or the dll).</summary>
    public string SandboxHost { get; init; } = "benchmarks/.sandbox";

    /// <summary>
    /// Run the sandbox inside the portal (its default set-up) instead of as a process of its own. Apart, the portal's CPU and
    /// memory figures are the portal's alone, as against a real cluster.
    /// </summary>
    public bool EmbeddedSandbox { get; init; }

    /// <summary>Folder for the JSON result.</summary>
    public string Output { get; init; } = "benchmarks/results";

    public string Chromium { get; init; } = "/usr/bin/chromium";

    /// <summary>Skip the kubectl + openssl pipeline (it takes about a minute per 10,000 CSRs).</summary>
    public bool SkipPipeline { get; init; }

    public const string Usage = """
        BootstrapPortal fleet harness: starts the sandbox with a fleet as a process of its own, the published portal against it
        (Kubernetes:Mode=Kubeconfig), and measures the portal.

          --nodes N            nodes (5000)                --csrs N         CSRs in all (10000)
          --pending N          of which pending (2000)     --tokens N       bootstrap tokens (500)
          --bindings N         RBAC bindings (2000)        --api-clients N  concurrent API clients (20)
          --requests N         requests per API client (40, half lists, half details)
          --browsers N         headless Chromium sessions (5)
          --bulk N             CSRs approved through POST /api/v1/csrs/approve (1000)
          --bulk-batch N       names per call (1000, at most 1000)    --bulk-concurrency N  calls at once (1)
          --idle-seconds N     idle CPU sampling window (30)          --after-close-seconds N (60)
          --portal PATH        published portal folder or dll (benchmarks/.portal)
          --output DIR         where the JSON result goes (benchmarks/results)
          --chromium PATH      (/usr/bin/chromium)         --skip-pipeline  no kubectl + openssl comparison
          --sandbox PATH       published sandbox host folder or dll (benchmarks/.sandbox)
          --embedded-sandbox   run the sandbox inside the portal (its default set-up); figures then include the sandbox
        """;

    /// <summary>Options from <paramref name="args"/>, or the error naming the bad argument; help is an error with the usage.</summary>
    public static (HarnessOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var o = new HarnessOptions();
        var fleet = o.Fleet;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                return (null, Usage);
            }

            if (name == "--skip-pipeline")
            {
                o = o with { SkipPipeline = true };
                continue;
            }

            if (name == "--embedded-sandbox")
            {
                o = o with { EmbeddedSandbox = true };
                continue;
            }

            if (i + 1 >= args.Count)
            {
                return (null, $"{name}: a value is missing");
            }

            var value = args[++i];
            string? error = null;
            int Count(int min, int max)
            {
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
                {
                    error = $"{name} must be a whole number between {min} and {max}";
                    return 0;
                }

                return n;
            }

            switch (name)
            {
                case "--nodes": fleet = fleet with { Nodes = Count(0, 50_000) }; break;
                case "--csrs": fleet = fleet with { Csrs = Count(0, 200_000) }; break;
                case "--pending": fleet = fleet with { PendingCsrs = Count(0, 200_000) }; break;
                case "--tokens": fleet = fleet with { Tokens = Count(0, 20_000) }; break;
                case "--bindings": fleet = fleet with { Bindings = Count(0, 50_000) }; break;
                case "--api-clients": o = o with { ApiClients = Count(1, 500) }; break;
                case "--requests": o = o with { RequestsPerClient = Count(2, 100_000) }; break;
                case "--browsers": o = o with { Browsers = Count(0, 50) }; break;
                case "--bulk": o = o with { BulkApprovals = Count(0, 200_000) }; break;
                case "--bulk-batch": o = o with { BulkBatch = Count(1, BulkApprovalCalls.MaxBatch) }; break;
                case "--bulk-concurrency": o = o with { BulkConcurrency = Count(1, 64) }; break;
                case "--idle-seconds": o = o with { IdleSeconds = Count(1, 3600) }; break;
                case "--after-close-seconds": o = o with { AfterCloseSeconds = Count(0, 3600) }; break;
                case "--portal": o = o with { Portal = value }; break;
                case "--output": o = o with { Output = value }; break;
                case "--sandbox": o = o with { SandboxHost = value }; break;
                case "--chromium": o = o with { Chromium = value }; break;
                default: return (null, $"{name}: unknown argument (--help lists them)");
            }

            if (error is not null)
            {
                return (null, error);
            }
        }

        if (fleet.PendingCsrs > fleet.Csrs)
        {
            return (null, $"--pending ({fleet.PendingCsrs}) cannot exceed --csrs ({fleet.Csrs})");
        }

        return (o with { Fleet = fleet }, null);
    }
}

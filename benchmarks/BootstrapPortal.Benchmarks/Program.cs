using BenchmarkDotNet.Running;
using BootstrapPortal.Benchmarks;

// `-- compare-openssl [BenchmarkDotNet options]` measures P-256 decode+verify next to `openssl speed`; anything else goes to
// BenchmarkDotNet's switcher (e.g. `--filter '*'`, `--job short`).
if (args.Length > 0 && args[0] == "compare-openssl")
{
    return OpenSslComparison.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(CertificateBenchmarks).Assembly).Run(args);
return 0;

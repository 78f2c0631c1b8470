using BootstrapPortal.SandboxHost;

// The sandbox cluster on its own, so that a portal can be measured against it as against an external cluster
// (Cluster:Mode=Kubeconfig), without the sandbox's own work in the portal's CPU and memory figures.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});
return await StandaloneSandbox.RunAsync(args, Console.Out, Console.Error, stop.Token);

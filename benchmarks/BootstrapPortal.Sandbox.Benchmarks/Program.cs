using BootstrapPortal.Sandbox.Benchmarks;

var arguments = FleetMeasurementArguments.Parse(args, out var error);
if (arguments is null)
{
    Console.Error.WriteLine(error);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await FleetMeasurement.RunAsync(arguments, Console.Out, cancel.Token);

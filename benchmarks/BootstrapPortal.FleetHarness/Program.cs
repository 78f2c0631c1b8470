using System.Text.Json;
using BootstrapPortal.FleetHarness;

var (options, error) = HarnessOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(error);
    return error == HarnessOptions.Usage ? 0 : 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
var machine = MachineInfo.Read();
var loadBefore = machine.LoadAverage;
var started = DateTimeOffset.UtcNow;
var run = new FleetRun(options, line => Console.Error.WriteLine($"[{DateTimeOffset.UtcNow:HH:mm:ss}] {line}"));
string? failure = null;
try
{
    await run.RunAsync(cancel.Token);
}
catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or HttpRequestException or IOException or OperationCanceledException or k8s.Autorest.HttpOperationException)
{
    failure = ex.GetType().Name + ": " + ex.Message;
    Console.Error.WriteLine("run stopped: " + failure);
}

var loadAfter = MachineInfo.LoadAverageNow();
var report = new HarnessReport(started, DateTimeOffset.UtcNow, options.Fleet, run.FleetSource, machine with { LoadAverage = loadBefore }, loadAfter, run.Measurements, run.Notes, failure);
Console.WriteLine(report.ToMarkdown());
Directory.CreateDirectory(options.Output);
var file = Path.Combine(options.Output, $"fleet-{started:yyyyMMdd-HHmmss}.json");
await File.WriteAllTextAsync(file, JsonSerializer.Serialize(report, HarnessReport.JsonOptions));
Console.Error.WriteLine("JSON result: " + file);
return failure is null ? 0 : 1;

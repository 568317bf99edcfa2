using LibraryTraining.Local.Demo;
using LibraryTraining.Local.Hosting;

// The README's run command: everything the app needs, on this machine, with no Azure account.
var started = System.Diagnostics.Stopwatch.StartNew();
using var stopping = new CancellationTokenSource();
// Ctrl+C and SIGTERM both stop gracefully: the runner, its Durable backend and Azurite.
using var onInterrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Stop);
using var onTerminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Stop);

var port = args.SkipWhile(a => a != "--port").Skip(1).Select(int.Parse).FirstOrDefault(7071);
var data = args.SkipWhile(a => a != "--data").Skip(1).FirstOrDefault();
var options = new LocalRunnerOptions { Port = port, Args = args.Where(a => a.Contains('=')).ToArray() };
if (data is not null)
{
    options = options with { DataFolder = Path.GetFullPath(data) };
}

await using var runner = await LocalRunner.StartAsync(options, stopping.Token);
Console.WriteLine($"""

    LibraryTraining is running at {runner.Address}api/  (ready in {started.Elapsed.TotalSeconds:0.0} s)
      organiser key:  {runner.OrganiserKey}
      programmes:     {runner.Address}api/programmes?code={runner.OrganiserKey}
      outbox viewer:  {runner.OutboxViewer?.AbsoluteUri ?? "none in a Release build (run without -c Release)"}
      example:        {runner.ExampleProgrammePath}  (the README's tour; its first day is two weeks away)
    Press Ctrl+C to stop.
    """);

if (args.Contains("--demo"))
{
    await DemoProgramme.RunAsync(runner, stopping.Token);
}

try
{
    await Task.Delay(Timeout.Infinite, stopping.Token);
}
catch (OperationCanceledException)
{
    Console.WriteLine("Stopping...");
}

void Stop(System.Runtime.InteropServices.PosixSignalContext context)
{
    context.Cancel = true;
    stopping.Cancel();
}

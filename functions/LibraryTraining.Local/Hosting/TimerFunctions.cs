using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NCrontab;

namespace LibraryTraining.Local.Hosting;

/// <summary>Fires every timer-triggered function on its NCrontab schedule, as the Functions host does.</summary>
public sealed class TimerFunctions(IReadOnlyList<FunctionEntry> functions, IServiceProvider services, IConfiguration configuration,
    TimeProvider time, ILogger<TimerFunctions> logger) : BackgroundService
{
    public static CrontabSchedule ScheduleOf(FunctionEntry function, IConfiguration configuration)
    {
        var expression = function.Timer!.Schedule;
        // "%NAME%" reads the schedule from a setting, as in Azure.
        if (expression.StartsWith('%') && expression.EndsWith('%'))
        {
            var name = expression.Trim('%');
            expression = configuration[name] is { Length: > 0 } configured
                ? configured
                : LibraryTraining.Configuration.AppSettings.Defaults.TryGetValue(name, out var fallback) ? fallback
                : throw new InvalidOperationException($"Timer {function.Name} reads its schedule from {name}, which is not set.");
        }
        var withSeconds = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6;
        return CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = withSeconds });
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(functions.Where(f => f.Trigger == TriggerKind.Timer).Select(f => this.RunAsync(f, stoppingToken)));

    async Task RunAsync(FunctionEntry function, CancellationToken stoppingToken)
    {
        var schedule = ScheduleOf(function, configuration);
        var last = time.GetUtcNow().UtcDateTime;
        if (function.Timer!.RunOnStartup)
        {
            await this.FireAsync(function, schedule, last, pastDue: false, stoppingToken);
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = schedule.GetNextOccurrence(last);
            var delay = next - time.GetUtcNow().UtcDateTime;
            try
            {
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, time, stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var pastDue = time.GetUtcNow().UtcDateTime - next > TimeSpan.FromSeconds(30);
            await this.FireAsync(function, schedule, next, pastDue, stoppingToken);
            last = next;
        }
    }

    async Task FireAsync(FunctionEntry function, CrontabSchedule schedule, DateTime last, bool pastDue, CancellationToken stoppingToken)
    {
        var info = new TimerInfo
        {
            IsPastDue = pastDue,
            ScheduleStatus = new ScheduleStatus { Last = last, Next = schedule.GetNextOccurrence(last), LastUpdated = time.GetUtcNow().UtcDateTime },
        };
        try
        {
            await using var scope = services.CreateAsyncScope();
            await FunctionInvoker.InvokeAsync(function, scope.ServiceProvider, new FunctionInvoker.Bindings(info, CancellationToken: stoppingToken));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Timer function {Function} failed; it runs again at its next time", function.Name);
        }
    }
}

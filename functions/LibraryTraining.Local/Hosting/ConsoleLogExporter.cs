using System.Globalization;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace LibraryTraining.Local.Hosting;

/// <summary>
/// The local runner's log output: one line per record (<c>12:00:01 info: Category message</c>, then the
/// exception if any), like the console logger's single-line format. It sits at the end of the same
/// OpenTelemetry pipeline Azure uses, after the redacting processor, so what a developer reads is what
/// Application Insights would get. The record keeps its attributes for any other exporter.
/// </summary>
public sealed class ConsoleLogExporter(TextWriter? writer = null) : BaseExporter<LogRecord>
{
    public override ExportResult Export(in Batch<LogRecord> batch)
    {
        var output = writer ?? Console.Out;
        var text = new StringBuilder();
        foreach (var record in batch)
        {
            text.Clear()
                .Append(record.Timestamp.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture))
                .Append(' ').Append(Level(record.LogLevel)).Append(": ")
                .Append(record.CategoryName).Append(' ')
                .Append(record.FormattedMessage ?? record.Body);
            if (record.Exception is { } exception)
            {
                text.AppendLine().Append(exception);
            }
            output.WriteLine(text.ToString());
        }
        return ExportResult.Success;
    }

    /// <summary>The console logger's abbreviations.</summary>
    static string Level(Microsoft.Extensions.Logging.LogLevel level) => level switch
    {
        Microsoft.Extensions.Logging.LogLevel.Trace => "trce",
        Microsoft.Extensions.Logging.LogLevel.Debug => "dbug",
        Microsoft.Extensions.Logging.LogLevel.Information => "info",
        Microsoft.Extensions.Logging.LogLevel.Warning => "warn",
        Microsoft.Extensions.Logging.LogLevel.Error => "fail",
        _ => "crit",
    };
}

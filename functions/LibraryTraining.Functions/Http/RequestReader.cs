using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using LibraryTraining.Programmes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LibraryTraining.Functions.Http;

/// <summary>
/// Reads request bodies and ids defensively: bounded size, JSON errors reported with their path, and
/// ids checked before they reach a storage query.
/// </summary>
public static partial class RequestReader
{
    public const int MaxJsonBytes = 1024 * 1024;

    public sealed record Read<T>(T? Value, IActionResult? Error);

    public static async Task<Read<T>> JsonAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : class
    {
        if (request.ContentLength is > MaxJsonBytes)
        {
            return new(null, ApiResults.Error(413, $"The body is larger than {MaxJsonBytes / 1024} KiB."));
        }
        if (request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return new(null, ApiResults.Error(415, "Send the body as JSON with Content-Type: application/json."));
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxJsonBytes)
            {
                return new(null, ApiResults.Error(413, $"The body is larger than {MaxJsonBytes / 1024} KiB."));
            }
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
        {
            return new(null, ApiResults.Error(400, "The body is empty; send a JSON object."));
        }
        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), WireNames.Json);
            return value is null
                ? new(null, ApiResults.Error(400, "The body must be a JSON object, not null."))
                : new(value, null);
        }
        catch (JsonException e)
        {
            var atRoot = string.IsNullOrEmpty(e.Path) || e.Path == "$";
            var field = atRoot ? "body" : e.Path!.TrimStart('$', '.');
            var message = atRoot && e.Message.Contains("could not be converted", StringComparison.Ordinal)
                ? "The body must be a JSON object in curly braces, not an array or a single value."
                : Explain(e);
            return new(null, ApiResults.Problems([new Problem(field, message)]));
        }
        catch (DecoderFallbackException)
        {
            return new(null, ApiResults.Error(400, "The body is not valid UTF-8."));
        }
    }

    static string Explain(JsonException e) =>
        e.Message.Contains("could not be converted", StringComparison.Ordinal)
            ? "This value has the wrong type; check the API description (docs/openapi.yaml)."
            : "The body is not valid JSON here; check quotes, commas and brackets.";

    /// <summary>Programme ids are 1–40 characters of [a-z0-9-]; anything else never reaches storage.</summary>
    public static bool IsId(string? id) => id is not null && IdShape().IsMatch(id);

    [GeneratedRegex("^[a-z0-9-]{1,40}$")]
    private static partial Regex IdShape();
}

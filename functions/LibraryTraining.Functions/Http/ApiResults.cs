using System.Text.Json;
using LibraryTraining.Programmes;
using Microsoft.AspNetCore.Mvc;

namespace LibraryTraining.Functions.Http;

/// <summary>Responses in the API's own JSON conventions, the same under the Functions host and the local runner.</summary>
public static class ApiResults
{
    public static ContentResult Json(object value, int status = 200) => new()
    {
        StatusCode = status,
        ContentType = "application/json; charset=utf-8",
        Content = JsonSerializer.Serialize(value, WireNames.Json),
    };

    public static ContentResult Problems(IReadOnlyList<Problem> problems, int status = 400) =>
        Json(new { error = Summary(problems), problems }, status);

    public static ContentResult Error(int status, string message) => Json(new { error = message }, status);

    public static ContentResult NotFound(string what) => Error(404, $"No {what} was found. Check the id in the address.");

    public static ContentResult Html(string html, int status = 200) => new()
    {
        StatusCode = status,
        ContentType = "text/html; charset=utf-8",
        Content = html,
    };

    static string Summary(IReadOnlyList<Problem> problems) => problems.Count == 1
        ? $"1 problem: {problems[0].Field}: {problems[0].Message}"
        : $"{problems.Count} problems; see the list.";
}

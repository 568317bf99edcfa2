using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LibraryTraining.Local.Hosting;

/// <summary>
/// Serves every HTTP-triggered function at /api/{route}, with the Functions host's key check for
/// <see cref="AuthorizationLevel.Function"/> routes: <c>x-functions-key</c> or <c>?code=</c>.
/// </summary>
public static class HttpFunctions
{
    public static void Map(WebApplication app, IReadOnlyList<FunctionEntry> functions, string organiserKey)
    {
        foreach (var function in functions.Where(f => f.Trigger == TriggerKind.Http))
        {
            var needsKey = function.Http!.AuthLevel is AuthorizationLevel.Function or AuthorizationLevel.Admin or AuthorizationLevel.System;
            app.MapMethods(function.Route, function.HttpMethods, (HttpContext context) => InvokeAsync(context, function, needsKey, organiserKey))
                .WithName(function.Name);
        }
    }

    static async Task InvokeAsync(HttpContext context, FunctionEntry function, bool needsKey, string organiserKey)
    {
        if (needsKey && !HasKey(context.Request, organiserKey))
        {
            await WriteJsonAsync(context, 401, "This endpoint is for organisers: send the organiser key in the x-functions-key header or as ?code=.");
            return;
        }
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("LibraryTraining.Local.Http");
        try
        {
            var result = await FunctionInvoker.InvokeAsync(function, context.RequestServices,
                new FunctionInvoker.Bindings(context.Request, context.Request.RouteValues, CancellationToken: context.RequestAborted));
            switch (result)
            {
                case IActionResult action:
                    await action.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
                    break;
                case IResult minimal:
                    await minimal.ExecuteAsync(context);
                    break;
                case null:
                    context.Response.StatusCode = 204;
                    break;
                default:
                    await context.Response.WriteAsJsonAsync(result);
                    break;
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away.
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            // The Functions host answers 500 with no body; we do the same plus a reference to the log line.
            var reference = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
            logger.LogError(e, "Function {Function} failed (reference {Reference})", function.Name, reference);
            await WriteJsonAsync(context, 500, $"Something went wrong on our side (reference {reference}). Nothing you sent was wrong; try again in a minute.");
        }
    }

    static bool HasKey(HttpRequest request, string organiserKey)
    {
        var given = request.Headers["x-functions-key"].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        return given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(organiserKey));
    }

    static async Task WriteJsonAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { error = message }));
    }
}

using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace LibraryTraining.Local.Hosting;

public enum TriggerKind { Http, Orchestration, Activity, Timer, Unsupported }

/// <summary>One <c>[Function]</c> method of the Functions app, and what triggers it.</summary>
public sealed record FunctionEntry(string Name, MethodInfo Method, TriggerKind Trigger, ParameterInfo? TriggerParameter)
{
    public HttpTriggerAttribute? Http => this.TriggerParameter?.GetCustomAttribute<HttpTriggerAttribute>();

    public TimerTriggerAttribute? Timer => this.TriggerParameter?.GetCustomAttribute<TimerTriggerAttribute>();

    /// <summary>The route as the Functions host serves it: under /api, the function name when no route is given.</summary>
    public string Route => "api/" + (this.Http?.Route ?? this.Name);

    public IReadOnlyList<string> HttpMethods => this.Http?.Methods?.Select(m => m.ToUpperInvariant()).ToArray() ?? ["GET", "POST"];
}

/// <summary>
/// Reads every <c>[Function]</c> from the Functions app by reflection: the local runner serves exactly
/// what the attributes declare, the way the Functions host would.
/// </summary>
public static class FunctionCatalog
{
    public static Assembly FunctionsAssembly => typeof(Functions.Programmes.ProgrammeFunctions).Assembly;

    public static IReadOnlyList<FunctionEntry> Discover(Assembly? assembly = null) =>
        (assembly ?? FunctionsAssembly).GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<FunctionAttribute>()))
            .Where(x => x.Attribute is not null)
            .Select(x => Classify(x.Attribute!.Name, x.Method))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();

    static FunctionEntry Classify(string name, MethodInfo method)
    {
        foreach (var parameter in method.GetParameters())
        {
            if (parameter.GetCustomAttribute<HttpTriggerAttribute>() is not null)
            {
                return new(name, method, TriggerKind.Http, parameter);
            }
            if (parameter.GetCustomAttribute<OrchestrationTriggerAttribute>() is not null)
            {
                return new(name, method, TriggerKind.Orchestration, parameter);
            }
            if (parameter.GetCustomAttribute<ActivityTriggerAttribute>() is not null)
            {
                return new(name, method, TriggerKind.Activity, parameter);
            }
            if (parameter.GetCustomAttribute<TimerTriggerAttribute>() is not null)
            {
                return new(name, method, TriggerKind.Timer, parameter);
            }
        }
        return new(name, method, TriggerKind.Unsupported, null);
    }
}

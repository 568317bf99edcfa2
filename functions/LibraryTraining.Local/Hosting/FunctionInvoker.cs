using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LibraryTraining.Local.Hosting;

/// <summary>
/// Calls a <c>[Function]</c> method the way the isolated worker would: a fresh instance of its class
/// from DI, and each parameter bound from the trigger, the route, the Durable client or the services.
/// </summary>
public static class FunctionInvoker
{
    /// <summary>What the trigger supplies for this invocation; everything else comes from DI.</summary>
    public sealed record Bindings(
        object? TriggerValue,
        IReadOnlyDictionary<string, object?>? RouteValues = null,
        object? OrchestrationInput = null,
        CancellationToken CancellationToken = default);

    public static async Task<object?> InvokeAsync(FunctionEntry function, IServiceProvider services, Bindings bindings)
    {
        var method = function.Method;
        var plan = Plans.GetOrAdd(method, m => new Plan(m));
        var target = plan.Create?.Invoke(services, null);
        try
        {
            var arguments = new object?[plan.Parameters.Length];
            for (var i = 0; i < arguments.Length; i++)
            {
                arguments[i] = Bind(plan.Parameters[i], plan.DurableClient[i], function, services, bindings);
            }
            object? returned;
            try
            {
                returned = method.Invoke(target, arguments);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
            return await Unwrap(returned);
        }
        finally
        {
            switch (target)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    // Reflection once per method, not per request: the answer burst calls the same few functions thousands of times.
    static readonly System.Collections.Concurrent.ConcurrentDictionary<MethodInfo, Plan> Plans = new();

    sealed class Plan(MethodInfo method)
    {
        public ObjectFactory? Create { get; } = method.IsStatic ? null : ActivatorUtilities.CreateFactory(method.DeclaringType!, Type.EmptyTypes);
        public ParameterInfo[] Parameters { get; } = method.GetParameters();
        public bool[] DurableClient { get; } = method.GetParameters()
            .Select(p => p.GetCustomAttribute<DurableClientAttribute>() is not null || p.ParameterType == typeof(DurableTaskClient)).ToArray();
    }

    static object? Bind(ParameterInfo parameter, bool durableClient, FunctionEntry function, IServiceProvider services, Bindings bindings)
    {
        var type = parameter.ParameterType;
        if (parameter == function.TriggerParameter)
        {
            return bindings.TriggerValue;
        }
        if (type == typeof(CancellationToken))
        {
            return bindings.CancellationToken;
        }
        if (type == typeof(FunctionContext))
        {
            return null;
        }
        if (durableClient)
        {
            return services.GetRequiredService<DurableTaskClient>();
        }
        if (bindings.RouteValues is { } route && parameter.Name is { } name && route.TryGetValue(name, out var value))
        {
            return value is null || type.IsInstanceOfType(value) ? value : Convert.ChangeType(value, Nullable.GetUnderlyingType(type) ?? type, System.Globalization.CultureInfo.InvariantCulture);
        }
        if (function.Trigger == TriggerKind.Orchestration && IsOrchestrationInput(parameter))
        {
            return bindings.OrchestrationInput;
        }
        var service = services.GetService(type);
        if (service is not null || parameter.HasDefaultValue)
        {
            return service ?? parameter.DefaultValue;
        }
        throw new InvalidOperationException($"Function {function.Name}: nothing can bind parameter '{parameter.Name}' of type {type.Name}.");
    }

    /// <summary>An orchestrator's input is its one parameter that is neither the context nor a service.</summary>
    public static bool IsOrchestrationInput(ParameterInfo parameter) =>
        parameter.ParameterType != typeof(TaskOrchestrationContext)
        && parameter.ParameterType != typeof(FunctionContext)
        && parameter.ParameterType != typeof(CancellationToken);

    static async Task<object?> Unwrap(object? returned)
    {
        switch (returned)
        {
            case Task task:
                await task;
                var type = task.GetType();
                return type.IsGenericType && type.GetGenericArguments()[0].Name != "VoidTaskResult"
                    ? type.GetProperty(nameof(Task<object>.Result))!.GetValue(task)
                    : null;
            case ValueTask valueTask:
                await valueTask;
                return null;
            default:
                return returned;
        }
    }
}

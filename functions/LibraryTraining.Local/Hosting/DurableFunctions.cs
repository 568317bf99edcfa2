using Microsoft.DurableTask;

namespace LibraryTraining.Local.Hosting;

/// <summary>
/// Registers every orchestrator and activity function with the Durable Task worker under its
/// <c>[Function]</c> name, with its real input type, so inputs arrive typed as they do in Azure.
/// </summary>
public static class DurableFunctions
{
    public static void Register(DurableTaskRegistry registry, IReadOnlyList<FunctionEntry> functions)
    {
        foreach (var function in functions)
        {
            switch (function.Trigger)
            {
                case TriggerKind.Orchestration:
                    registry.AddOrchestrator(function.Name, () => new FunctionOrchestrator(function));
                    break;
                case TriggerKind.Activity:
                    registry.AddActivity(function.Name, services => new FunctionActivity(function, services));
                    break;
            }
        }
    }

    sealed class FunctionOrchestrator(FunctionEntry function) : ITaskOrchestrator
    {
        public Type InputType { get; } = function.Method.GetParameters().FirstOrDefault(p => p != function.TriggerParameter && FunctionInvoker.IsOrchestrationInput(p))?.ParameterType ?? typeof(object);

        public Type OutputType { get; } = ResultType(function);

        public Task<object?> RunAsync(TaskOrchestrationContext context, object? input) =>
            // Orchestrators are static and take no services: nothing but the context and the input.
            FunctionInvoker.InvokeAsync(function, EmptyServices.Instance, new FunctionInvoker.Bindings(context, OrchestrationInput: input));
    }

    sealed class FunctionActivity(FunctionEntry function, IServiceProvider services) : ITaskActivity
    {
        public Type InputType { get; } = function.TriggerParameter!.ParameterType;

        public Type OutputType { get; } = ResultType(function);

        public Task<object?> RunAsync(TaskActivityContext context, object? input) =>
            FunctionInvoker.InvokeAsync(function, services, new FunctionInvoker.Bindings(input));
    }

    static Type ResultType(FunctionEntry function)
    {
        var type = function.Method.ReturnType;
        return type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Task<>) ? type.GetGenericArguments()[0] : typeof(object);
    }

    sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}

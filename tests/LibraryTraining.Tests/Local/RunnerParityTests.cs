using LibraryTraining.Local.Hosting;
using LibraryTraining.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LibraryTraining.Tests.Local;

/// <summary>Every [Function] in the app is served by the local runner, the way the Functions host would.</summary>
public sealed class RunnerParityTests(RunnerFixture runner) : IClassFixture<RunnerFixture>
{
    static readonly IReadOnlyList<FunctionEntry> Functions = FunctionCatalog.Discover();

    [Fact]
    public void EveryFunction_HasATriggerTheRunnerServes()
    {
        Assert.NotEmpty(Functions);
        Assert.Empty(Functions.Where(f => f.Trigger == TriggerKind.Unsupported).Select(f => f.Name));
        Assert.Equal(Functions.Count, Functions.Select(f => f.Name).Distinct().Count());
    }

    [Fact]
    public void EveryHttpFunction_IsMappedAtItsRouteAndMethods()
    {
        var endpoints = runner.Runner.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        foreach (var function in Functions.Where(f => f.Trigger == TriggerKind.Http))
        {
            var endpoint = Assert.Single(endpoints, e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == function.Name);
            Assert.Equal(function.Route, endpoint.RoutePattern.RawText);
            Assert.Equal(function.HttpMethods.Order(), endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Order());
        }
    }

    [Fact]
    public void EveryOrchestratorAndActivity_IsRegisteredUnderItsFunctionName()
    {
        var registry = new DurableTaskRegistry();
        DurableFunctions.Register(registry, Functions);
        Assert.Equal(
            Functions.Where(f => f.Trigger == TriggerKind.Orchestration).Select(f => f.Name).Order(),
            registry.GetOrchestrators().Select(o => o.Key.Name).Order());
        Assert.Equal(
            Functions.Where(f => f.Trigger == TriggerKind.Activity).Select(f => f.Name).Order(),
            registry.GetActivities().Select(a => a.Key.Name).Order());
    }

    [Fact]
    public void EveryTimerFunction_HasAValidSchedule()
    {
        var configuration = new ConfigurationBuilder().Build();
        foreach (var function in Functions.Where(f => f.Trigger == TriggerKind.Timer))
        {
            var schedule = TimerFunctions.ScheduleOf(function, configuration);
            Assert.True(schedule.GetNextOccurrence(DateTime.UtcNow) > DateTime.UtcNow);
        }
    }
}

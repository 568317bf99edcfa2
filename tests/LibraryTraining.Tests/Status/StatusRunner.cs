using LibraryTraining.Tests.Infrastructure;

namespace LibraryTraining.Tests.Status;

/// <summary>One local runner for the status tests that go over HTTP; each test uses its own programme.</summary>
[CollectionDefinition(Name)]
public sealed class StatusCollection : ICollectionFixture<RunnerFixture>
{
    public const string Name = "status";
}

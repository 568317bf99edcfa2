using System.Diagnostics;
using System.Runtime.ExceptionServices;
using DurableTask.Core;
using LibraryTraining.Storage;
using Microsoft.Extensions.Logging;

namespace LibraryTraining.Local.Durable;

/// <summary>
/// The Azure Storage provider as the local dispatchers see it, with the calls that hand a work item's
/// result back retried while storage is unreachable, instead of failing once and leaving the work item
/// behind.
/// </summary>
/// <remarks>
/// Without this, an Azurite restart while an activity runs hangs its programme for good:
/// <list type="number">
/// <item><c>CompleteTaskActivityWorkItemAsync</c> cannot enqueue the result, and the dispatcher's
/// <c>AbandonTaskActivityWorkItemAsync</c> cannot reach the queue either, so the provider keeps the
/// activity's session in memory.</item>
/// <item>The work-item message becomes visible again after its 5-minute visibility timeout, but the
/// provider refuses it as "being processed multiple times concurrently", because that session is
/// still there. Every 5 minutes after that the same happens: the activity never completes.</item>
/// </list>
/// An orchestration episode that fails to commit is abandoned, and an abandon that fails leaves its
/// messages invisible for the 5-minute control-queue visibility timeout. Retried until storage is
/// back, the abandon makes them visible again within seconds.
/// Every retried call is idempotent in effect: a result enqueued twice is dropped by the orchestration
/// as a duplicate, and deleting or abandoning a message that is gone is not an error.
/// </remarks>
public sealed class OutageTolerantOrchestrationService(IOrchestrationService inner, ILogger logger) : IOrchestrationService, IDisposable
{
    static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);
    static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);
    readonly CancellationTokenSource stopping = new();

    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage) =>
        this.WhileStorageIsDownAsync(() => inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage), "handing back the result of activity", workItem.Id);

    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem) =>
        this.WhileStorageIsDownAsync(() => inner.AbandonTaskActivityWorkItemAsync(workItem), "abandoning activity", workItem.Id);

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) =>
        this.WhileStorageIsDownAsync(() => inner.AbandonTaskOrchestrationWorkItemAsync(workItem), "abandoning the episode of", workItem.InstanceId);

    async Task WhileStorageIsDownAsync(Func<Task> call, string what, string id)
    {
        var delay = FirstDelay;
        var since = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await call();
                if (attempt > 1)
                {
                    logger.LogWarning("Storage is back: {What} {Id} succeeded after {Seconds:0.0} s and {Attempts} attempts", what, id, since.Elapsed.TotalSeconds, attempt);
                }
                return;
            }
            catch (Exception e) when (!this.stopping.IsCancellationRequested && StorageFailures.IsTransient(e))
            {
                if (attempt == 1)
                {
                    logger.LogWarning("Storage is unreachable ({Error}): {What} {Id} is retried until it is back", e.GetBaseException().Message, what, id);
                }
                await Task.Delay(delay, this.stopping.Token).ContinueWith(static _ => { }, TaskScheduler.Default);
                if (this.stopping.IsCancellationRequested)
                {
                    ExceptionDispatchInfo.Capture(e).Throw(); // stopping: the dispatcher deals with it as before
                }
                delay = delay * 2 < MaxDelay ? delay * 2 : MaxDelay;
            }
        }
    }

    public async Task StopAsync(bool isForced)
    {
        await this.stopping.CancelAsync();
        // The provider's StopAsync dereferences what only its StartAsync creates: stopping a host that never
        // started (a test torn down early) threw on a thread-pool callback and took the whole process down.
        if (Volatile.Read(ref this.startCalled) == 0)
        {
            return;
        }
        try
        {
            await inner.StopAsync(isForced);
        }
        catch (NullReferenceException) when (Volatile.Read(ref this.startFinished) == 0)
        {
            logger.LogWarning("The Durable provider was stopped while it was still starting");
        }
    }

    int startCalled;
    int startFinished;

    public async Task StartAsync()
    {
        Interlocked.Exchange(ref this.startCalled, 1);
        await inner.StartAsync();
        Interlocked.Exchange(ref this.startFinished, 1);
    }

    public Task StopAsync() => this.StopAsync(false);

    public void Dispose() => this.stopping.Dispose();

    // Everything else is the provider's own behaviour.
    public Task CreateAsync() => inner.CreateAsync();
    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);
    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();
    public Task DeleteAsync() => inner.DeleteAsync();
    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);
    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);
    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;
    public int MaxConcurrentTaskOrchestrationWorkItems => inner.MaxConcurrentTaskOrchestrationWorkItems;
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;
    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) => inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);
    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);
    public Task CompleteTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem, OrchestrationRuntimeState newOrchestrationRuntimeState, IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages, IList<TaskMessage> timerMessages, TaskMessage continuedAsNewMessage, OrchestrationState orchestrationState) =>
        inner.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);
    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);
    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;
    public int MaxConcurrentTaskActivityWorkItems => inner.MaxConcurrentTaskActivityWorkItems;
    public Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken) => inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);
    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);
}

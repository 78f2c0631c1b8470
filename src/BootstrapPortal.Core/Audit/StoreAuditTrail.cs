using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Core.Audit;

/// <summary>
/// The stored part of the audit trail: one row per change in <see cref="IAuditStore"/>. Never throws into the caller.
/// Concurrent records are committed together (group commit): <see cref="RecordAsync"/> returns once the row of its event is
/// stored, and the events that arrived while the previous batch was being written go in the next single transaction, so a
/// bulk approval of a thousand CSRs costs a few dozen transactions, not a thousand.
/// </summary>
public sealed partial class StoreAuditTrail(IAuditStore store, ILogger<StoreAuditTrail> logger) : IAuditTrail
{
    /// <summary>The most events one transaction holds.</summary>
    public const int MaxBatch = 256;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private int _draining;

    public Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);

        // The row is written even when the caller's request was cancelled: the change it records may have happened.
        var pending = new Pending(auditEvent, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        _queue.Writer.TryWrite(pending);
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            _ = Task.Run(DrainAsync, CancellationToken.None);
        }

        return pending.Stored.Task;
    }

    private async Task DrainAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (true)
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            if (batch.Count == 0)
            {
                Volatile.Write(ref _draining, 0);

                // A record queued after the last read and before the flag was cleared started no drain of its own.
                if (!_queue.Reader.TryPeek(out _) || Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
                {
                    return;
                }

                continue;
            }

            await StoreAsync(batch);
            batch.Clear();
        }
    }

    private async Task StoreAsync(List<Pending> batch)
    {
        try
        {
            await store.AppendManyAsync([.. batch.Select(p => p.Event)], CancellationToken.None);
        }
        catch (Exception ex)
        {
            // One bad row must not lose the others: store them one by one.
            LogBatchFailed(logger, ex, batch.Count);
            foreach (var pending in batch)
            {
                try
                {
                    await store.AppendAsync(pending.Event, CancellationToken.None);
                }
                catch (Exception single)
                {
                    LogFailed(logger, single, pending.Event.Action, pending.Event.Actor.Name, pending.Event.TargetName);
                }
            }
        }

        foreach (var pending in batch)
        {
            pending.Stored.TrySetResult();
        }
    }

    private sealed record Pending(AuditEvent Event, TaskCompletionSource Stored);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Error, Message = "Could not store the audit record {AuditAction} by {Actor} on {TargetName}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string auditAction, string actor, string targetName);

    [LoggerMessage(EventId = 9005, Level = LogLevel.Warning, Message = "Could not store a batch of {Count} audit records together; storing them one by one")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);
}

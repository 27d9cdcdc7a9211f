using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using KubeletCompliance.Targets;
using KubeletCompliance.UseCases;

namespace KubeletCompliance.Fleet
{
    /// <summary>
    /// Audits nodes on at most <c>throttleLimit</c> worker threads while the cmdlet keeps receiving pipeline input.
    /// Results wait in a queue until the pipeline thread takes them (only that thread may write to the pipeline),
    /// so memory holds the nodes in flight and the results not yet written, never the whole fleet.
    /// </summary>
    internal sealed class AuditPool : IDisposable
    {
        private readonly BlockingCollection<NodeTarget> pending = new BlockingCollection<NodeTarget>();
        private readonly BlockingCollection<AuditResult> finished = new BlockingCollection<AuditResult>();
        private readonly CancellationTokenSource stop = new CancellationTokenSource();
        private readonly Task[] workers;
        private readonly Func<NodeTarget, CancellationToken, AuditResult> audit;
        private int submitted;
        private int completed;

        public AuditPool(int throttleLimit, Func<NodeTarget, CancellationToken, AuditResult> audit)
        {
            this.audit = audit;
            workers = new Task[Math.Max(1, throttleLimit)];
            for (int i = 0; i < workers.Length; i++)
            {
                workers[i] = Task.Factory.StartNew(Work, TaskCreationOptions.LongRunning);
            }
        }

        public int Submitted => submitted;
        public int Completed => completed;

        public void Submit(NodeTarget target)
        {
            Interlocked.Increment(ref submitted);
            pending.Add(target);
        }

        /// <summary>Results that are ready now, without waiting.</summary>
        public IEnumerable<AuditResult> TakeReady()
        {
            while (finished.TryTake(out var result))
            {
                yield return result;
            }
        }

        /// <summary>Every remaining result, waiting for each; <paramref name="onWait"/> runs on the calling thread between results.</summary>
        public IEnumerable<AuditResult> TakeAll(Action onWait)
        {
            pending.CompleteAdding();
            while (Volatile.Read(ref completed) < submitted || finished.Count > 0)
            {
                if (finished.TryTake(out var result, 250, stop.Token))
                {
                    yield return result;
                }
                else
                {
                    onWait();
                }
            }
        }

        /// <summary>Ctrl+C: stop taking nodes and cancel the audits in flight (transports close their connections).</summary>
        public void Cancel() => stop.Cancel();

        /// <summary>
        /// Ends the pool without waiting for a node that is still connecting: a hung host would hold Ctrl+C for its whole
        /// connect timeout. Such a worker ends by itself at that timeout and its result is dropped; the token source is
        /// not disposed under it (it holds no timer).
        /// </summary>
        public void Dispose()
        {
            stop.Cancel();
            pending.CompleteAdding();
            try
            {
                Task.WaitAll(workers, TimeSpan.FromMilliseconds(200));
            }
            catch (AggregateException)
            {
            }
        }

        private void Work()
        {
            try
            {
                foreach (var target in pending.GetConsumingEnumerable(stop.Token))
                {
                    try
                    {
                        finished.Add(audit(target, stop.Token));
                    }
                    catch (Exception e) when (!stop.IsCancellationRequested)
                    {
                        // An audit that fails in a way no transport foresaw still gives its node a row.
                        finished.Add(AuditResult.Unreachable(target, e));
                    }
                    finally
                    {
                        // Counted only once the result is queued, so TakeAll never stops before the last one is taken.
                        Interlocked.Increment(ref completed);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}

// Loaded by bench/Measure-NodePodAudit.ps1 -Timeline into the auditing pwsh (Add-Type): records the .NET networking
// events of the run (requests with their path, connections, TLS handshakes) with a timestamp, so a per-node
// timeline (create -> watch sees Running -> exec -> delete) can be rebuilt without touching the module.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.IO;
using System.Linq;

public sealed class HttpTrace : EventListener
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<string> _lines = new ConcurrentQueue<string>();

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "System.Net.Http" || source.Name == "System.Net.Security" || source.Name == "System.Net.Sockets")
        {
            EnableEvents(source, EventLevel.LogAlways);
        }
        else if (source.Name == "System.Threading.Tasks.TplEventSource")
        {
            // Gives every event the activity id of its request, so a RequestStop finds its RequestStart.
            EnableEvents(source, EventLevel.LogAlways, (EventKeywords)0x80);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventSource.Name == "System.Threading.Tasks.TplEventSource")
        {
            return;
        }

        string payload = e.Payload == null ? string.Empty : string.Join(" ", e.Payload.Select(p => Convert.ToString(p, System.Globalization.CultureInfo.InvariantCulture)));
        _lines.Enqueue(_clock.Elapsed.TotalMilliseconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + "\t" + e.EventName + "\t"
            + e.ActivityId + "\t" + e.OSThreadId + "\t" + payload.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' '));
    }

    public double Now => _clock.Elapsed.TotalMilliseconds;

    public void Save(string path) => File.WriteAllLines(path, _lines);
}

// Where one node's SSH audit spends its time, against the benchmark's proxied sshd:
//   dotnet run -c Release --project bench/SshProfile -- <basePort> <nodes> <parallel> <key> <known_hosts> <root>
// Prints, per phase, the median and 90th percentile over the nodes: SSH.NET connect (TCP, key exchange, auth),
// the resolution (its remote round trips), and close; and which key exchange SSH.NET negotiated, with the cost
// of a bare connect for each key exchange the server offers. Used to explain the figures in docs/benchmark.md.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using KubeletCompliance.Core.Resolution;
using KubeletCompliance.Transports.Shell;
using KubeletCompliance.Transports.Ssh;
using Renci.SshNet;

int basePort = int.Parse(args[0]), nodes = int.Parse(args[1]), parallel = int.Parse(args[2]);
string key = args[3], known = args[4], root = args[5];

SshConnectionOptions Options(int i) => new SshConnectionOptions
{
    HostName = "127.0.0.1", Port = basePort + i, UserName = "kcsudo", KeyFilePath = key,
    KnownHostsPath = known, HostKeyPolicy = HostKeyPolicy.Strict, RemoteRoot = root,
};

(double connect, double resolve, double close, int trips) Audit(int i)
{
    var sw = Stopwatch.StartNew();
    var connection = SshConnection.Open(Options(i));
    double connect = sw.Elapsed.TotalMilliseconds;
    var reader = new ShellNodeReader(connection, connection.Options.RemoteRoot, connection.Options.UseSudo);
    var setting = RoundTripResolver.Resolve(reader, NodeResolver.Default);
    double resolve = sw.Elapsed.TotalMilliseconds - connect;
    if (setting.Enabled == null && setting.Problem != null) Console.Error.WriteLine($"node {i}: {setting.Problem.ErrorId}");
    connection.Dispose();
    double close = sw.Elapsed.TotalMilliseconds - connect - resolve;
    return (connect, resolve, close, reader.RoundTrips);
}

string Stats(IEnumerable<double> values)
{
    var v = values.OrderBy(x => x).ToArray();
    return $"median {v[v.Length / 2],7:F1} ms  p90 {v[(int)(v.Length * 0.9)],7:F1} ms";
}

var first = Audit(0);
Console.WriteLine($"cold first node: connect {first.connect:F1} ms, resolve {first.resolve:F1} ms ({first.trips} round trips), close {first.close:F1} ms");

foreach (int width in new[] { 1, parallel })
{
    var results = new (double connect, double resolve, double close, int trips)[nodes];
    var sw = Stopwatch.StartNew();
    Parallel.For(0, nodes, new ParallelOptions { MaxDegreeOfParallelism = width }, i => results[i] = Audit(i));
    Console.WriteLine($"{nodes} nodes, {width} at a time: {sw.Elapsed.TotalSeconds:F2} s ({nodes / sw.Elapsed.TotalSeconds:F1} nodes/s)");
    Console.WriteLine($"  connect  {Stats(results.Select(r => r.connect))}");
    Console.WriteLine($"  resolve  {Stats(results.Select(r => r.resolve))}  round trips {string.Join(",", results.Select(r => r.trips).Distinct())}");
    Console.WriteLine($"  close    {Stats(results.Select(r => r.close))}");
}

// Bare connects (no host key check, no commands) per key exchange, one at a time.
var probe = new ConnectionInfo("127.0.0.1", basePort, "kcsudo", new PrivateKeyAuthenticationMethod("kcsudo", new PrivateKeyFile(key)));
var kexNames = probe.KeyExchangeAlgorithms.Keys.ToList();
using (var client = new SshClient(probe)) { client.Connect(); Console.WriteLine($"SSH.NET default key exchange here: {client.ConnectionInfo.CurrentKeyExchangeAlgorithm}, host key {client.ConnectionInfo.CurrentHostKeyAlgorithm}"); }
foreach (string kex in kexNames)
{
    var times = new List<double>();
    try
    {
        for (int i = 0; i < 8; i++)
        {
            var info = new ConnectionInfo("127.0.0.1", basePort + i, "kcsudo", new PrivateKeyAuthenticationMethod("kcsudo", new PrivateKeyFile(key)));
            foreach (string other in info.KeyExchangeAlgorithms.Keys.Where(k => k != kex).ToList()) info.KeyExchangeAlgorithms.Remove(other);
            var sw = Stopwatch.StartNew();
            using (var client = new SshClient(info)) { client.Connect(); }
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        Console.WriteLine($"  bare connect, kex {kex,-40} {Stats(times)}");
    }
    catch (Exception e)
    {
        Console.WriteLine($"  bare connect, kex {kex,-40} not usable: {e.GetType().Name}");
    }
}

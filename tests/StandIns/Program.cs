using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using KubeletCompliance.StandIns.Pods;

namespace KubeletCompliance.StandIns
{
    /// <summary>
    /// Runs one stand-in until its standard input closes, so a test run that dies takes its servers with it.
    /// <code>
    /// kubelet   --mode 401|403|200                          prints PORT=&lt;n&gt;
    /// apiserver --nodes &lt;json&gt; --ca &lt;pem out&gt; [--token &lt;t&gt;]... [--latency-ms n] [--pod-start-ms min-max]
    ///           [--namespace name=privileged|baseline|restricted|unlabeled]... [--throttle-every n] [--exec-replay true]
    ///                                                           prints URL=https://127.0.0.1:&lt;n&gt;
    /// --any-flag ...                                         a process to be found in /proc: prints PID=&lt;n&gt;
    /// writer-crash --root &lt;node&gt; --at created|after-backup|before-rename
    ///                                                        Set- false below root, stopped there: prints PAUSED=&lt;point&gt;
    /// </code>
    /// The last form lets a test start <c>exec -a kubelet &lt;stand-in&gt; --config=...</c>: a process whose argv is a
    /// kubelet's, run by whichever user the test chooses.
    /// The API server accepts the bearer token <see cref="ApiServerStandIn.ValidToken"/> and every --token; nodes are
    /// [{"name": "...", "anonymousEnabled": false, "behaviour": "Answers|Forbidden|...", "labels": {"k": "v"},
    ///   "root": "node tree for pods", "os": "linux", "ready": true, "pods": "Runs|ImagePullFails|..."}].
    /// Lines on standard input: "restart MS" cuts every connection and refuses new ones for MS milliseconds.
    /// </summary>
    public static class Program
    {
        public static async Task<int> Main(string[] args)
        {
            if (args.Length == 0)
            {
                return Usage();
            }

            if (args[0].StartsWith("--", StringComparison.Ordinal))
            {
                Console.WriteLine("PID=" + Environment.ProcessId);
                await WaitForStandardInputToCloseAsync(null);
                return 0;
            }

            ILookup<string, string> options = Options(args.Skip(1).ToArray());
            var pki = new TestCertificateAuthority();
            switch (args[0])
            {
                case "kubelet":
                    if (!Modes.TryGetValue(options["--mode"].FirstOrDefault() ?? string.Empty, out KubeletAuthMode mode))
                    {
                        return Usage();
                    }

                    await using (KubeletStandIn kubelet = await KubeletStandIn.StartAsync(mode, pki))
                    {
                        Console.WriteLine("PORT=" + kubelet.Port);
                        await WaitForStandardInputToCloseAsync(null);
                    }

                    return 0;

                case "apiserver":
                    string nodesPath = options["--nodes"].FirstOrDefault();
                    string caPath = options["--ca"].FirstOrDefault();
                    if (nodesPath == null || caPath == null)
                    {
                        return Usage();
                    }

                    File.WriteAllText(caPath, pki.CertificatePem);
                    await using (ApiServerStandIn server = await ApiServerStandIn.StartAsync(pki, ReadNodes(nodesPath), ServerOptions(options), options["--token"].ToArray()))
                    {
                        Console.WriteLine("URL=" + server.Url);
                        await WaitForStandardInputToCloseAsync(server);
                    }

                    return 0;

                case "writer-crash":
                    return WriterCrash(options["--root"].FirstOrDefault(), options["--at"].FirstOrDefault());

                default:
                    return Usage();
            }
        }

        /// <summary>
        /// Plans and applies anonymous-auth=false below <paramref name="root"/> with the module's own planner and writer,
        /// and waits forever at checkpoint <paramref name="at"/>, so a test can kill the process exactly there.
        /// </summary>
        private static int WriterCrash(string root, string at)
        {
            if (root == null || at == null)
            {
                return Usage();
            }

            var node = new KubeletCompliance.Transports.FileSystem.FileSystemNode(root);
            var plan = KubeletCompliance.Core.Remediation.RemediationPlanner.Default.Plan(node, KubeletCompliance.Core.Resolution.NodeResolver.Default.Resolve(node), false);
            var writer = new KubeletCompliance.Transports.FileSystem.FileSystemNodeWriter(node, point =>
            {
                if (point == at)
                {
                    Console.WriteLine("PAUSED=" + point);
                    Console.Out.Flush();
                    System.Threading.Thread.Sleep(System.Threading.Timeout.Infinite);
                }
            });
            var outcome = KubeletCompliance.Core.Remediation.RemediationExecution.Apply(plan, writer, KubeletCompliance.Core.Evidence.BackupNames.NewStamp(DateTimeOffset.UtcNow));
            Console.WriteLine("DONE=" + outcome.Status);
            return 0;
        }

        private static readonly Dictionary<string, KubeletAuthMode> Modes = new Dictionary<string, KubeletAuthMode>
        {
            ["401"] = KubeletAuthMode.AnonymousDisabled,
            ["403"] = KubeletAuthMode.AnonymousWithWebhook,
            ["200"] = KubeletAuthMode.AnonymousWithAlwaysAllow,
        };

        private sealed class NodeSpec
        {
            public string Name { get; set; }
            public bool AnonymousEnabled { get; set; }
            public ConfigzBehaviour Behaviour { get; set; }
            public Dictionary<string, string> Labels { get; set; }
            public string Root { get; set; }
            public string Os { get; set; } = "linux";
            public bool Ready { get; set; } = true;
            public PodBehaviour Pods { get; set; }
        }

        private static IEnumerable<FakeNode> ReadNodes(string path)
        {
            var json = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };
            json.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
            return JsonSerializer.Deserialize<List<NodeSpec>>(File.ReadAllText(path), json)
                .Select(n => new FakeNode(n.Name, n.AnonymousEnabled, n.Behaviour, n.Labels) { Root = n.Root, Os = n.Os, Ready = n.Ready, Pods = n.Pods });
        }

        private static ApiServerOptions ServerOptions(ILookup<string, string> options)
        {
            var server = new ApiServerOptions();
            if (int.TryParse(options["--latency-ms"].FirstOrDefault(), out int latency))
            {
                server.Latency = TimeSpan.FromMilliseconds(latency);
            }

            string[] start = (options["--pod-start-ms"].FirstOrDefault() ?? string.Empty).Split('-');
            if (start.Length == 2 && int.TryParse(start[0], out int least) && int.TryParse(start[1], out int most))
            {
                server.PodTiming = new PodTiming { StartMinimum = TimeSpan.FromMilliseconds(least), StartMaximum = TimeSpan.FromMilliseconds(most) };
            }

            foreach (string entry in options["--namespace"])
            {
                string[] parts = entry.Split('=', 2);
                server.Namespaces[parts[0]] = parts.Length < 2 || parts[1] == "unlabeled" ? null : parts[1];
            }

            server.ExecReplay = options["--exec-replay"].FirstOrDefault() == "true";
            if (int.TryParse(options["--throttle-every"].FirstOrDefault(), out int every))
            {
                server.ThrottleEvery = every;
            }

            return server;
        }

        private static ILookup<string, string> Options(string[] words) =>
            Enumerable.Range(0, words.Length / 2).ToLookup(i => words[2 * i], i => words[2 * i + 1]);

        private static async Task WaitForStandardInputToCloseAsync(ApiServerStandIn server)
        {
            Console.Out.Flush();
            using var stdin = new StreamReader(Console.OpenStandardInput());
            string line;
            while ((line = await stdin.ReadLineAsync()) != null)
            {
                string[] words = line.Split(' ');
                if (server != null && words.Length == 2 && words[0] == "restart" && int.TryParse(words[1], out int downtime))
                {
                    await server.RestartAsync(TimeSpan.FromMilliseconds(downtime));
                    Console.WriteLine("RESTARTED");
                }
            }
        }

        private static int Usage()
        {
            Console.Error.WriteLine("usage: kubelet --mode 401|403|200 | apiserver --nodes <json> --ca <pem out> [--token <t>]...");
            return 2;
        }
    }
}

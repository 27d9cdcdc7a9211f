using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;

namespace KubeletCompliance.StandIns
{
    /// <summary>
    /// Runs one stand-in until its standard input closes, so a test run that dies takes its servers with it.
    /// <code>
    /// kubelet   --mode 401|403|200                          prints PORT=&lt;n&gt;
    /// apiserver --nodes &lt;json&gt; --ca &lt;pem out&gt; [--token &lt;t&gt;]...  prints URL=https://127.0.0.1:&lt;n&gt;
    /// </code>
    /// The API server accepts the bearer token <see cref="ApiServerStandIn.ValidToken"/> and every --token; nodes are
    /// [{"name": "...", "anonymousEnabled": false, "behaviour": "Answers|Forbidden|...", "labels": {"k": "v"}}].
    /// </summary>
    public static class Program
    {
        public static async Task<int> Main(string[] args)
        {
            if (args.Length == 0)
            {
                return Usage();
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
                        await WaitForStandardInputToCloseAsync();
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
                    await using (ApiServerStandIn server = await ApiServerStandIn.StartAsync(pki, ReadNodes(nodesPath), options["--token"].ToArray()))
                    {
                        Console.WriteLine("URL=" + server.Url);
                        await WaitForStandardInputToCloseAsync();
                    }

                    return 0;

                default:
                    return Usage();
            }
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
        }

        private static IEnumerable<FakeNode> ReadNodes(string path)
        {
            var json = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };
            json.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
            return JsonSerializer.Deserialize<List<NodeSpec>>(File.ReadAllText(path), json)
                .Select(n => new FakeNode(n.Name, n.AnonymousEnabled, n.Behaviour, n.Labels));
        }

        private static ILookup<string, string> Options(string[] words) =>
            Enumerable.Range(0, words.Length / 2).ToLookup(i => words[2 * i], i => words[2 * i + 1]);

        private static async Task WaitForStandardInputToCloseAsync()
        {
            Console.Out.Flush();
            using Stream stdin = Console.OpenStandardInput();
            byte[] buffer = new byte[256];
            while (await stdin.ReadAsync(buffer) > 0)
            {
            }
        }

        private static int Usage()
        {
            Console.Error.WriteLine("usage: kubelet --mode 401|403|200 | apiserver --nodes <json> --ca <pem out> [--token <t>]...");
            return 2;
        }
    }
}

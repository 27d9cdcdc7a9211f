using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using KubeletCompliance.Transports.Ssh.Config;
using KubeletCompliance.Transports.Tests.Support;
using Xunit;

namespace KubeletCompliance.Transports.Tests.Ssh.Config
{
    /// <summary>Skips only on a developer machine without the OpenSSH client; under CI=true a missing ssh fails.</summary>
    public sealed class OpenSshTheoryAttribute : TheoryAttribute
    {
        public OpenSshTheoryAttribute()
        {
            Skip = File.Exists("/usr/bin/ssh") || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
                ? null
                : "/usr/bin/ssh is not installed (apt-get install -y openssh-client); the ssh -G oracle tests are skipped.";
        }
    }

    /// <summary>
    /// OpenSSH is the oracle: for every config in corpus/ and every "# target:" line in it, the evaluator's route (each
    /// hop and the target) equals what "ssh -G" prints for the same names, as ssh itself would run each hop.
    /// A target line is a target name (user@host:port) and optional cmdlet parameters written as ssh options
    /// (-l user, -p port, -J jump, -i identity file).
    /// </summary>
    public sealed class SshConfigOracleTests
    {
        private static readonly string CorpusFolder = Path.Combine(AppContext.BaseDirectory, "Ssh", "Config", "corpus");

        public static IEnumerable<object[]> Cases() =>
            Directory.GetFiles(CorpusFolder, "*.conf").OrderBy(f => f, StringComparer.Ordinal)
                .SelectMany(f => File.ReadAllLines(f)
                    .Where(l => l.StartsWith("# target: ", StringComparison.Ordinal))
                    .Select(l => new object[] { Path.GetFileName(f), l.Substring("# target: ".Length) }));

        [OpenSshTheory]
        [MemberData(nameof(Cases))]
        public void TheRouteEqualsWhatSshDashGPrints(string corpusFile, string targetLine)
        {
            string folder = Directory.CreateTempSubdirectory("kc-sshconfig-").FullName;
            try
            {
                string config = Materialize(corpusFile, folder);
                string[] words = targetLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var (query, sshArguments) = Query(words);
                string home = HomeOfThisUser();
                var evaluator = new SshConfigEvaluator(new LocalSshConfigSource(), home, UserName());
                var files = new[] { new SshConfigFile(config, true) };

                IReadOnlyList<SshHostSettings> route = evaluator.ResolveRoute(query, files);
                AssertSame(SshDashG(config, sshArguments), route[route.Count - 1], targetLine);
                for (int i = route.Count - 2; i >= 0; i--)
                {
                    IReadOnlyList<SshJumpHop> chain = route[i + 1].JumpHosts;
                    SshJumpHop hop = chain[chain.Count - 1];
                    var hopArguments = new List<string>();
                    if (hop.User != null)
                    {
                        hopArguments.AddRange(new[] { "-l", hop.User });
                    }

                    if (hop.Port.HasValue)
                    {
                        hopArguments.AddRange(new[] { "-p", hop.Port.Value.ToString() });
                    }

                    if (chain.Count > 1)
                    {
                        hopArguments.AddRange(new[] { "-J", SshJumpHop.Format(chain.Take(chain.Count - 1)) });
                    }

                    hopArguments.Add(hop.Host);
                    AssertSame(SshDashG(config, hopArguments), route[i], targetLine + " (hop " + hop + ")");
                }
            }
            finally
            {
                Directory.Delete(folder, true);
            }
        }

        [Fact]
        public void TheCorpusCoversEveryFeatureTheIssueNames()
        {
            string all = string.Join("\n", Directory.GetFiles(CorpusFolder, "*.conf*", SearchOption.AllDirectories).Select(File.ReadAllText));
            foreach (string feature in new[] { "!", "?", "*", "Include", "Match host", "Match originalhost", "%h", "%p", "%r", "%u", "%d", "%%", "~/", "ProxyJump none", "," + "inner", "ssh://", "-l ", "-p ", "-J ", "-i ", "accept-new", "IgnoreUnknown", "HostKeyAlias", "IdentitiesOnly", "UserKnownHostsFile", "GlobalKnownHostsFile", "ConnectTimeout" })
            {
                Assert.Contains(feature, all);
            }
        }

        private static string Materialize(string corpusFile, string folder)
        {
            string name = Path.GetFileNameWithoutExtension(corpusFile);
            string extras = Path.Combine(CorpusFolder, name + ".d");
            if (Directory.Exists(extras))
            {
                foreach (string source in Directory.GetFiles(extras, "*", SearchOption.AllDirectories))
                {
                    string destination = Path.Combine(folder, Path.GetRelativePath(extras, source));
                    Directory.CreateDirectory(Path.GetDirectoryName(destination));
                    File.WriteAllText(destination, File.ReadAllText(source).Replace("@DIR@", folder));
                }
            }

            string config = Path.Combine(folder, "config");
            File.WriteAllText(config, File.ReadAllText(Path.Combine(CorpusFolder, corpusFile)).Replace("@DIR@", folder));
            return config;
        }

        /// <summary>The target name and parameters as the module reads them, and as ssh arguments (ssh://user@host:port keeps -l and -p first, as the module does).</summary>
        private static (SshConfigQuery, List<string>) Query(string[] words)
        {
            var query = new SshConfigQuery();
            var ssh = new List<string>();
            var identities = new List<string>();
            for (int i = 1; i < words.Length; i += 2)
            {
                ssh.Add(words[i]);
                ssh.Add(words[i + 1]);
                switch (words[i])
                {
                    case "-l": query.User = words[i + 1]; break;
                    case "-p": query.Port = int.Parse(words[i + 1]); break;
                    case "-J": query.ProxyJump = words[i + 1]; break;
                    case "-i": identities.Add(words[i + 1]); break;
                    default: throw new ArgumentException("unknown option " + words[i]);
                }
            }

            query.IdentityFiles = identities;
            var target = KubeletCompliance.Transports.Ssh.SshConnectionOptions.Parse(words[0]);
            bool portGiven = words[0].Contains(':');
            query.Host = target.HostName;
            query.User = query.User ?? target.UserName;
            query.Port = query.Port ?? (portGiven ? target.Port : (int?)null);
            ssh.Add(words[0].Contains('@') || portGiven ? "ssh://" + words[0] : words[0]);
            return (query, ssh);
        }

        private static void AssertSame(Dictionary<string, List<string>> ssh, SshHostSettings ours, string what)
        {
            string One(string key) => ssh.TryGetValue(key, out var v) ? v[0] : null;
            Assert.True(One("hostname") == ours.HostName, what + ": hostname " + One("hostname") + " vs " + ours.HostName);
            Assert.True(One("port") == ours.Port.ToString(), what + ": port " + One("port") + " vs " + ours.Port);
            Assert.True(One("user") == ours.User, what + ": user " + One("user") + " vs " + ours.User);
            Assert.True(ssh["identityfile"].SequenceEqual(ours.IdentityFilesAsWritten), what + ": identityfile " + string.Join("|", ssh["identityfile"]) + " vs " + string.Join("|", ours.IdentityFilesAsWritten));
            Assert.True(One("userknownhostsfile") == string.Join(" ", ours.UserKnownHostsFiles), what + ": userknownhostsfile " + One("userknownhostsfile") + " vs " + string.Join(" ", ours.UserKnownHostsFiles));
            string global = One("globalknownhostsfile");
            Assert.True((global == "none" ? string.Empty : global) == string.Join(" ", ours.GlobalKnownHostsFiles), what + ": globalknownhostsfile " + global);
            IReadOnlyList<SshJumpHop> jump = SshJumpHop.ParseChain(One("proxyjump"));
            Assert.True(jump.Select(h => h.ToString()).SequenceEqual(ours.JumpHosts.Select(h => h.ToString())), what + ": proxyjump " + One("proxyjump") + " vs " + SshJumpHop.Format(ours.JumpHosts));
            var strict = One("stricthostkeychecking") switch
            {
                "true" or "ask" => SshStrictHostKeyChecking.Yes,
                "false" => SshStrictHostKeyChecking.No,
                "accept-new" => SshStrictHostKeyChecking.AcceptNew,
                var other => throw new InvalidOperationException("ssh printed stricthostkeychecking " + other),
            };
            Assert.True(strict == ours.StrictHostKeyChecking, what + ": stricthostkeychecking " + One("stricthostkeychecking") + " vs " + ours.StrictHostKeyChecking);
            string timeout = ours.ConnectTimeout.HasValue ? ((int)ours.ConnectTimeout.Value.TotalSeconds).ToString() : "none";
            Assert.True(One("connecttimeout") == timeout, what + ": connecttimeout " + One("connecttimeout") + " vs " + timeout);
            Assert.True(One("hostkeyalias") == ours.HostKeyAlias, what + ": hostkeyalias " + One("hostkeyalias") + " vs " + ours.HostKeyAlias);
            Assert.True(One("identitiesonly") == (ours.IdentitiesOnly ? "yes" : "no"), what + ": identitiesonly");
            if (One("identityagent") != null)
            {
                Assert.True(One("identityagent") == (ours.IdentityAgent ?? "SSH_AUTH_SOCK"), what + ": identityagent " + One("identityagent") + " vs " + ours.IdentityAgent);
            }
        }

        private static Dictionary<string, List<string>> SshDashG(string config, IEnumerable<string> arguments)
        {
            var start = new ProcessStartInfo("/usr/bin/ssh") { ArgumentList = { "-G" }, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
            foreach (string a in new[] { "-F", config }.Concat(arguments))
            {
                start.ArgumentList.Add(a);
            }

            using var process = Process.Start(start);
            process.StandardInput.Close();
            string output = process.StandardOutput.ReadToEnd();
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, "ssh -G " + string.Join(" ", start.ArgumentList) + " failed: " + error);
            var values = new Dictionary<string, List<string>>(StringComparer.Ordinal) { ["identityfile"] = new List<string>() };
            foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                int space = line.IndexOf(' ');
                string key = space < 0 ? line : line.Substring(0, space);
                if (!values.TryGetValue(key, out var list))
                {
                    values[key] = list = new List<string>();
                }

                list.Add(space < 0 ? string.Empty : line.Substring(space + 1));
            }

            return values;
        }

        /// <summary>ssh expands ~ from the password database, not $HOME.</summary>
        private static string HomeOfThisUser() => Programs.Run("sh", "-c", "getent passwd \"$(id -u)\" | cut -d: -f6").Trim();

        private static string UserName() => Programs.Run("id", "-un").Trim();
    }
}

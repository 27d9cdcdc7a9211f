using System;
using System.Collections.Generic;
using System.Linq;
using KubeletCompliance.Core.Evidence;

namespace KubeletCompliance.Core.Flags
{
    /// <summary>One <c>--anonymous-auth</c> on the command line, with the words that spell it.</summary>
    public sealed class FlagOccurrence
    {
        public FlagOccurrence(ArgumentWord word, bool value, string spelledValue)
        {
            Word = word;
            Value = value;
            SpelledValue = spelledValue;
        }

        public ArgumentWord Word { get; }
        public bool Value { get; }
        /// <summary>The value as written after '=', or null for the bare flag.</summary>
        public string SpelledValue { get; }
    }

    /// <summary>A value-taking flag (<c>--config</c>, <c>--config-dir</c>) with the word(s) it was read from.</summary>
    public sealed class StringFlag
    {
        public StringFlag(string value, ArgumentWord word)
        {
            Value = value;
            Word = word;
        }

        public string Value { get; }
        public ArgumentWord Word { get; }
    }

    /// <summary>A reason the kubelet would refuse this command line.</summary>
    public sealed class FlagProblem
    {
        public FlagProblem(string errorId, string message, ArgumentWord word)
        {
            ErrorId = errorId;
            Message = message;
            Word = word;
        }

        public string ErrorId { get; }
        public string Message { get; }
        public ArgumentWord Word { get; }
    }

    /// <summary>
    /// The kubelet's command line read the way spf13/pflag reads it: long flags only with two dashes,
    /// '_' normalised to '-', names case-sensitive, bool flags take a value only after '=', every other
    /// flag takes the next word when there is no '=', the last occurrence wins, and '--' ends the flags.
    /// </summary>
    public sealed class KubeletFlags
    {
        public const string AnonymousAuth = "anonymous-auth";
        public const string Config = "config";
        public const string ConfigDir = "config-dir";
        public const string HealthzPort = "healthz-port";
        public const string HealthzBindAddress = "healthz-bind-address";

        // Kubelet (and klog/component-base) flags that are bools: these never consume the next word.
        // Any other flag written without '=' consumes the next word, as pflag does for value flags.
        private static readonly HashSet<string> BoolFlags = new HashSet<string>(StringComparer.Ordinal)
        {
            "anonymous-auth", "help", "version", "fail-swap-on", "register-node", "register-schedulable",
            "rotate-certificates", "rotate-server-certificates", "exit-on-lock-contention", "enable-server",
            "enable-debugging-handlers", "serialize-image-pulls", "make-iptables-util-chains", "cgroups-per-qos",
            "protect-kernel-defaults", "seccomp-default", "kernel-memcg-notification", "keep-terminated-pod-volumes",
            "enable-controller-attach-detach", "fail-cgroupv1", "experimental-allocatable-ignore-eviction",
            "local-storage-capacity-isolation", "storage-driver-secure", "enable-load-reader", "containerized",
            "logtostderr", "alsologtostderr", "add-dir-header", "skip-headers", "skip-log-headers", "one-output",
            "log-json-split-stream", "log-text-split-stream", "authentication-token-webhook", "cpu-cfs-quota",
            "contention-profiling", "runonce",
        };

        private readonly List<FlagOccurrence> anonymousAuth = new List<FlagOccurrence>();
        private readonly List<FlagProblem> problems = new List<FlagProblem>();

        private KubeletFlags()
        {
        }

        /// <summary>Every --anonymous-auth in order; the last is the one that counts.</summary>
        public IReadOnlyList<FlagOccurrence> AnonymousAuthOccurrences => anonymousAuth;
        public FlagOccurrence EffectiveAnonymousAuth => anonymousAuth.Count == 0 ? null : anonymousAuth[anonymousAuth.Count - 1];
        public StringFlag ConfigFile { get; private set; }
        public StringFlag ConfigDirectory { get; private set; }
        /// <summary>Where the kubelet serves healthz, when the command line says so (a restart is checked there).</summary>
        public StringFlag HealthzPortFlag { get; private set; }
        public StringFlag HealthzBindAddressFlag { get; private set; }
        public IReadOnlyList<FlagProblem> Problems => problems;

        /// <summary>Parses the arguments after the program name.</summary>
        public static KubeletFlags Parse(IReadOnlyList<ArgumentWord> args)
        {
            var flags = new KubeletFlags();
            flags.ParseAll(args ?? Array.Empty<ArgumentWord>());
            return flags;
        }

        private void ParseAll(IReadOnlyList<ArgumentWord> args)
        {
            for (int i = 0; i < args.Count; i++)
            {
                var word = args[i];
                string text = word.Text;
                if (text == "--")
                {
                    // pflag stops here; anything after is a positional argument, which the kubelet rejects.
                    for (int j = i + 1; j < args.Count; j++)
                    {
                        ReportPositional(args[j]);
                    }

                    return;
                }

                if (!text.StartsWith("-", StringComparison.Ordinal) || text == "-")
                {
                    ReportPositional(word);
                    continue;
                }

                if (!text.StartsWith("--", StringComparison.Ordinal))
                {
                    CheckShorthand(word);
                    continue;
                }

                string body = text.Substring(2);
                int eq = body.IndexOf('=');
                string name = Normalize(eq < 0 ? body : body.Substring(0, eq));
                string inlineValue = eq < 0 ? null : body.Substring(eq + 1);

                if (name == AnonymousAuth)
                {
                    AddAnonymousAuth(word, inlineValue);
                    continue;
                }

                if (string.Equals(name, AnonymousAuth, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add(new FlagProblem(
                        "UnknownFlag",
                        $"'{text}' is not a kubelet flag (flag names are case-sensitive); the kubelet would refuse to start.",
                        word));
                    continue;
                }

                if (inlineValue == null && !BoolFlags.Contains(name))
                {
                    if (i + 1 < args.Count)
                    {
                        i++;
                        inlineValue = args[i].Text;
                        if (IsAnonymousAuthSpelling(inlineValue) && name != Config && name != ConfigDir)
                        {
                            // pflag would give a value flag this word; but if '--{name}' is a bool flag this list does not
                            // know, the kubelet reads --anonymous-auth itself. Either way a person must look.
                            problems.Add(new FlagProblem(
                                "AmbiguousFlagValue",
                                $"'{text}' is followed by '{inlineValue}': if --{name} takes a value, the kubelet reads that word as its value and ignores the anonymous-auth setting; write --{name}=VALUE to make the command line unambiguous.",
                                args[i]));
                            continue;
                        }
                    }
                    else if (name == Config || name == ConfigDir)
                    {
                        problems.Add(new FlagProblem("FlagNeedsValue", $"'{text}' needs a value; the kubelet would refuse to start.", word));
                        continue;
                    }
                }

                if (name == Config)
                {
                    ConfigFile = new StringFlag(inlineValue ?? string.Empty, word);
                }
                else if (name == ConfigDir)
                {
                    ConfigDirectory = new StringFlag(inlineValue ?? string.Empty, word);
                }
                else if (name == HealthzPort)
                {
                    HealthzPortFlag = new StringFlag(inlineValue ?? string.Empty, word);
                }
                else if (name == HealthzBindAddress)
                {
                    HealthzBindAddressFlag = new StringFlag(inlineValue ?? string.Empty, word);
                }
            }
        }

        private void AddAnonymousAuth(ArgumentWord word, string inlineValue)
        {
            if (inlineValue == null)
            {
                anonymousAuth.Add(new FlagOccurrence(word, true, null));
                return;
            }

            if (GoBool.TryParse(inlineValue, out bool value))
            {
                anonymousAuth.Add(new FlagOccurrence(word, value, inlineValue));
                return;
            }

            problems.Add(new FlagProblem(
                "InvalidFlagValue",
                $"'{word.Text}' has a value that is not a boolean (accepted: true, false, 1, 0, t, f); the kubelet would refuse to start.",
                word));
        }

        private void CheckShorthand(ArgumentWord word)
        {
            string body = word.Text.TrimStart('-');
            int eq = body.IndexOf('=');
            string name = Normalize(eq < 0 ? body : body.Substring(0, eq));
            if (string.Equals(name, AnonymousAuth, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new FlagProblem(
                    "SingleDashFlag",
                    $"'{word.Text}' uses a single dash, which pflag reads as shorthand flags; the kubelet would refuse to start. Write --anonymous-auth=false.",
                    word));
            }
        }

        private void ReportPositional(ArgumentWord word)
        {
            // An empty word (an unset ${VAR} in the unit) is a positional argument too: the kubelet stops on it.
            problems.Add(new FlagProblem(
                "PositionalArgument",
                $"The kubelet takes no positional arguments and would refuse to start with 'unknown command {(word.Text.Length == 0 ? "\"\"" : word.Text)}'"
                + " (a bool flag takes its value only after '=': write --anonymous-auth=false, not --anonymous-auth false).",
                word));
        }

        private static string Normalize(string name) => name.Replace('_', '-');

        private static bool IsAnonymousAuthSpelling(string word)
        {
            if (!word.StartsWith("--", StringComparison.Ordinal))
            {
                return false;
            }

            string body = word.Substring(2);
            int eq = body.IndexOf('=');
            return Normalize(eq < 0 ? body : body.Substring(0, eq)) == AnonymousAuth;
        }

        public static string JoinForDisplay(IEnumerable<string> argv) =>
            string.Join(" ", argv.Select(QuoteForDisplay));

        private static string QuoteForDisplay(string word)
        {
            if (word.Length > 0 && word.IndexOfAny(new[] { ' ', '\t', '"', '\'', '\n' }) < 0)
            {
                return word;
            }

            return "'" + word.Replace("'", "'\\''") + "'";
        }
    }
}

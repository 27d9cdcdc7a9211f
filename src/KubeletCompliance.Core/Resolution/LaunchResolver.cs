using System;
using System.Collections.Generic;
using System.Linq;
using KubeletCompliance.Core.Config;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Flags;

namespace KubeletCompliance.Core.Resolution
{
    /// <summary>
    /// The precedence rule, in one place: the last --anonymous-auth on the command line, over the last
    /// --config-dir drop-in that sets the field, over the --config file, over the default (false when --config
    /// is given, the legacy true when it is not).
    /// </summary>
    public static class LaunchResolver
    {
        public static LaunchSetting Resolve(INodeReader node, KubeletLaunch launch)
        {
            var setting = new LaunchSetting { Launch = launch, Source = SettingSource.NotFound };
            if (launch.Problem != null)
            {
                setting = setting with { Problem = launch.Problem };
                return setting;
            }

            if (launch.Basis == EvidenceBasis.ServiceUnit && launch.FilesWrittenAtStart.Count > 0)
            {
                node = new OverlayNode(node, launch.FilesWrittenAtStart);
            }

            var flags = KubeletFlags.Parse(launch.KubeletArguments);
            setting = setting with { FlagOccurrences = flags.AnonymousAuthOccurrences };
            if (flags.Problems.Count > 0)
            {
                var first = flags.Problems[0];
                setting = setting with
                {
                    Problem = new ResolutionProblem(ErrorIds.InvalidCommandLine, first.Message, PathOf(first.Word.Origin, launch)),
                };
                return setting;
            }

            var filesRead = new List<string>();
            var healthz = new Healthz();
            setting = setting with { ConfigFilesRead = filesRead };
            KubeletConfiguration config = null;
            if (!string.IsNullOrEmpty(flags.ConfigFile?.Value))
            {
                setting = setting with { ConfigPath = NodePath.Combine(launch.WorkingDirectory, flags.ConfigFile.Value) };
                var file = node.ReadFile(setting.ConfigPath);
                if (file.State == NodeFileState.NotFound)
                {
                    setting = setting with { Problem = new ResolutionProblem(ErrorIds.ConfigFileMissing,
                        $"The kubelet is started with --config {setting.ConfigPath}, which does not exist; the kubelet refuses to start without it.",
                        setting.ConfigPath) };
                    return setting;
                }

                if (file.State == NodeFileState.Unreadable)
                {
                    setting = setting with
                    {
                        Problem = new ResolutionProblem(ErrorIds.ConfigFileUnreadable, $"The kubelet config file {setting.ConfigPath} could not be read: {file.Error}", setting.ConfigPath),
                    };
                    return setting;
                }

                filesRead.Add(setting.ConfigPath);
                config = KubeletConfiguration.Decode(setting.ConfigPath, file.Content, isDropIn: false);
                if (config.Problem != null)
                {
                    setting = setting with { Problem = config.Problem };
                    return setting;
                }

                healthz.Apply(config.Document);

            }

            string winningDropIn = null;
            bool? dropInValue = null;
            if (!string.IsNullOrEmpty(flags.ConfigDirectory?.Value))
            {
                setting = setting with { ConfigDir = NodePath.Combine(launch.WorkingDirectory, flags.ConfigDirectory.Value) };
                var dropInsSetting = new List<string>();
                var dropInPaths = ConfigDropIns.List(node, setting.ConfigDir, out var listProblem);
                if (listProblem != null)
                {
                    setting = setting with { Problem = listProblem };
                    return setting;
                }

                foreach (string path in dropInPaths)
                {
                    var file = node.ReadFile(path);
                    if (file.State != NodeFileState.Found)
                    {
                        setting = setting with
                        {
                            Problem = new ResolutionProblem(ErrorIds.DropInUnreadable, $"The kubelet drop-in {path} could not be read: {file.Error}", path),
                        };
                        return setting;
                    }

                    filesRead.Add(path);
                    var dropIn = KubeletConfiguration.Decode(path, file.Content, isDropIn: true);
                    if (dropIn.Problem != null)
                    {
                        setting = setting with { Problem = dropIn.Problem };
                        return setting;
                    }

                    healthz.Apply(dropIn.Document);
                    if (dropIn.AnonymousEnabled.HasValue)
                    {
                        dropInValue = dropIn.AnonymousEnabled;
                        winningDropIn = path;
                        dropInsSetting.Add(path);
                    }
                }

                setting = setting with { DropInsSettingValue = dropInsSetting };
            }

            healthz.Apply(flags.HealthzBindAddressFlag?.Value, flags.HealthzPortFlag?.Value);
            setting = setting with { HealthzUrl = healthz.Url };

            var flag = flags.EffectiveAnonymousAuth;
            if (flag != null)
            {
                setting = setting with
                {
                    Enabled = flag.Value,
                    Source = SettingSource.CommandLine,
                    SourcePath = PathOf(flag.Word.Origin, launch),
                };
            }
            else if (dropInValue.HasValue)
            {
                setting = setting with { Enabled = dropInValue, Source = SettingSource.ConfigDropIn, SourcePath = winningDropIn };
            }
            else if (config?.AnonymousEnabled != null)
            {
                setting = setting with { Enabled = config.AnonymousEnabled, Source = SettingSource.ConfigFile };
                setting = setting with { SourcePath = setting.ConfigPath };
            }
            else
            {
                // v1beta1 defaulting gives false, but only a --config file replaces the flag-era base object,
                // so a kubelet with no --config (flags only, or only --config-dir) starts from the legacy true.
                setting = setting with { Enabled = config == null, Source = SettingSource.Default };
            }

            return setting;
        }

        private static string PathOf(WordOrigin origin, KubeletLaunch launch) =>
            origin.Path ?? (launch.Pid.HasValue ? "/proc/" + launch.Pid + "/cmdline" : null);
    }

    /// <summary>healthzBindAddress and healthzPort, each layer overriding the one before, as for any kubelet field.</summary>
    internal sealed class Healthz
    {
        private string address = "127.0.0.1";
        private string port = "10248";

        public void Apply(Config.ConfigValue document)
        {
            var bind = document?.Get("healthzBindAddress");
            var number = document?.Get("healthzPort");
            Apply(bind != null && bind.Kind == Config.ConfigValueKind.String ? bind.Text : null,
                number != null && number.Kind == Config.ConfigValueKind.Number ? number.Text : null);
        }

        public void Apply(string bindAddress, string portNumber)
        {
            address = string.IsNullOrEmpty(bindAddress) ? address : bindAddress;
            port = string.IsNullOrEmpty(portNumber) ? port : portNumber;
        }

        /// <summary>A wildcard bind address is reached on loopback; port 0 turns healthz off.</summary>
        public string Url
        {
            get
            {
                if (port == "0")
                {
                    return null;
                }

                string host = address == "0.0.0.0" ? "127.0.0.1" : address == "::" ? "::1" : address;
                return "http://" + (host.Contains(":") ? "[" + host + "]" : host) + ":" + port + "/healthz";
            }
        }
    }
}

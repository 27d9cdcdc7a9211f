using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace KubeletCompliance.StandIns.Pods
{
    /// <summary>
    /// <c>pods/exec</c> over WebSocket as the API server and kubelet serve it: the channel protocols
    /// <c>v5.channel.k8s.io</c> and <c>v4.channel.k8s.io</c> (one channel byte before each binary message: 0 stdin,
    /// 1 stdout, 2 stderr, 3 a metav1.Status when the command ends; v5 adds 255 + channel to close a stream), an
    /// empty stdout message once the stream is up (kubelet's createWebSocketStreams), and a command that really
    /// runs: in a private mount namespace, chrooted into a busybox root file system (the image), with the node's
    /// fixture tree bind-mounted where the pod's hostPath volume is mounted, read-only when the mount is.
    /// </summary>
    public sealed class PodExecStandIn : IDisposable
    {
        public const string V5 = "v5.channel.k8s.io";
        public const string V4 = "v4.channel.k8s.io";
        private const byte StdinChannel = 0, StdoutChannel = 1, StderrChannel = 2, StatusChannel = 3, CloseSignal = 255;

        // Runs on the host (dash), as root, inside `unshare -m`: everything mounted here vanishes with the namespace.
        private const string Launcher = @"set -e
tree=$1 root=$2 at=$3 ro=$4 nsenter=$5
shift 5
mount --bind ""$root"" ""$root""
mount --bind /dev/null ""$root/dev/null""
mount --bind ""$root/.standin/nsenter-$nsenter"" ""$root/bin/nsenter""
export STANDIN_HOST=""$at""
if [ -n ""$tree"" ]; then
  mkdir -p ""$root$at""
  mount --rbind ""$tree"" ""$root$at""
  if [ ""$ro"" = 1 ]; then mount -o remount,bind,ro ""$root$at""; fi
fi
mount -o remount,bind,ro ""$root""
exec chroot ""$root"" ""$@""
";

        private readonly Lazy<string> _rootfs = new Lazy<string>(BuildImageRoot);
        private readonly ConcurrentDictionary<string, Task<(byte[] Output, byte[] Error, int ExitCode)>> _replays =
            new ConcurrentDictionary<string, Task<(byte[], byte[], int)>>();

        /// <summary>
        /// For benchmarks only: an exec (v5, with stdin) whose command, input, node tree and mount were seen before is
        /// answered with the bytes that first run sent, without running it again. The client sees the same stream; the
        /// stand-in's own cost of running the script (unshare, chroot, busybox) stays out of what the client is measured by.
        /// </summary>
        public bool Replay { get; set; }

        /// <summary>The subprotocol each exec was served in, in order.</summary>
        public ConcurrentQueue<string> Protocols { get; } = new ConcurrentQueue<string>();

        /// <summary>Every command line exec was asked to run (argv joined with spaces).</summary>
        public ConcurrentQueue<string> Commands { get; } = new ConcurrentQueue<string>();

        /// <summary>Serves one exec request for a running pod; <paramref name="nodeGone"/> deletes the node and its pods.</summary>
        public async Task ServeAsync(HttpContext context, JsonObject pod, FakeNode node, IReadOnlyList<string> served, Action nodeGone)
        {
            IQueryCollection query = context.Request.Query;
            string[] command = query["command"].ToArray();
            string containerName = query["container"].ToString();
            var containers = pod["spec"]["containers"].AsArray().Select(c => c["name"].GetValue<string>()).ToList();
            string podName = pod["metadata"]["name"].GetValue<string>();
            if (!context.WebSockets.IsWebSocketRequest)
            {
                await ApiServerStandIn.WriteStatusAsync(context, 400, "BadRequest", "Upgrade request required");
                return;
            }

            if (containerName.Length == 0 && containers.Count == 1)
            {
                containerName = containers[0];
            }

            if (!containers.Contains(containerName))
            {
                await ApiServerStandIn.WriteStatusAsync(context, 400, "BadRequest", "container " + containerName + " is not valid for pod " + podName);
                return;
            }

            if (pod["status"]?["phase"]?.GetValue<string>() != "Running")
            {
                await ApiServerStandIn.WriteStatusAsync(context, 500, "InternalError", "unable to upgrade connection: container not found (\"" + containerName + "\")");
                return;
            }

            string protocol = served.FirstOrDefault(p => context.WebSockets.WebSocketRequestedProtocols.Contains(p));
            if (protocol == null || command.Length == 0)
            {
                await ApiServerStandIn.WriteStatusAsync(context, 400, "BadRequest",
                    protocol == null ? "requested protocol(s) are not supported: [" + string.Join(" ", context.WebSockets.WebSocketRequestedProtocols) + "]; supports [" + string.Join(" ", served) + "]"
                        : "you must specify at least 1 command");
                return;
            }

            Protocols.Enqueue(protocol);
            Commands.Enqueue(string.Join(" ", command));
            using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync(protocol);
            var sending = new SemaphoreSlim(1, 1);
            async Task SendAsync(byte channel, byte[] data, int count)
            {
                var frame = new byte[count + 1];
                frame[0] = channel;
                Array.Copy(data, 0, frame, 1, count);
                await sending.WaitAsync();
                try
                {
                    await socket.SendAsync(frame, WebSocketMessageType.Binary, true, CancellationToken.None);
                }
                finally
                {
                    sending.Release();
                }
            }

            await SendAsync(StdoutChannel, Array.Empty<byte>(), 0);
            DateTime started = DateTime.UtcNow;
            bool wantsStdin = query["stdin"] == "1" || query["stdin"] == "true";
            if (Replay && protocol == V5 && wantsStdin && node.Pods == PodBehaviour.Runs)
            {
                await ReplayAsync(socket, pod, node, containerName, command, SendAsync);
                return;
            }

            using Process process = Start(pod, node, containerName, command);
            if (!wantsStdin)
            {
                process.StandardInput.Close();
            }

            Task stdout = PumpAsync(process.StandardOutput.BaseStream, StdoutChannel, SendAsync);
            Task stderr = PumpAsync(process.StandardError.BaseStream, StderrChannel, SendAsync);
            // Never cancelled: cancelling a pending WebSocket receive aborts the connection.
            Task stdin = ReceiveAsync(socket, process, protocol == V5 && wantsStdin, CancellationToken.None);

            if (node.Pods == PodBehaviour.ExecCut || node.Pods == PodBehaviour.GoneMidRun)
            {
                await Task.Delay(50);
                if (node.Pods == PodBehaviour.GoneMidRun)
                {
                    nodeGone();
                }

                Kill(process);
                context.Abort();
                return;
            }

            Task exited = process.WaitForExitAsync();
            if (await Task.WhenAny(exited, stdin) != exited)
            {
                // The client closed the connection or vanished: the command dies with it, as it does under a kubelet.
                Kill(process);
                return;
            }

            await Task.WhenAll(stdout, stderr);
            if (NodeSystemdStandIn.LastRestart(node.Root) >= started.AddSeconds(-1))
            {
                // The command restarted the node's kubelet, which serves this stream: it ends before the exit status.
                context.Abort();
                return;
            }

            byte[] status = Encoding.UTF8.GetBytes(StatusJson(process.ExitCode, command));
            try
            {
                await SendAsync(StatusChannel, status, status.Length);
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, CancellationToken.None);
                await stdin.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is WebSocketException || e is IOException || e is TimeoutException)
            {
            }
        }

        private async Task ReplayAsync(WebSocket socket, JsonObject pod, FakeNode node, string containerName, string[] command, Func<byte, byte[], int, Task> send)
        {
            var input = new MemoryStream();
            var buffer = new byte[64 * 1024];
            var message = new MemoryStream();
            while (true)
            {
                WebSocketReceiveResult result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                byte[] data = message.ToArray();
                message.SetLength(0);
                if (data.Length == 2 && data[0] == CloseSignal && data[1] == StdinChannel)
                {
                    break;
                }

                if (data.Length > 1 && data[0] == StdinChannel)
                {
                    input.Write(data, 1, data.Length - 1);
                }
            }

            byte[] bytes = input.ToArray();
            JsonObject container = pod["spec"]["containers"].AsArray().OfType<JsonObject>().First(c => c["name"].GetValue<string>() == containerName);
            string key = node.Root + "\n" + container["volumeMounts"]?.ToJsonString() + "\n" + string.Join("\0", command) + "\n" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes));
            var (output, error, exitCode) = await _replays.GetOrAdd(key, _ => RunOnceAsync(pod, node, containerName, command, bytes));
            await PumpAsync(new MemoryStream(output), StdoutChannel, send);

            if (error.Length > 0)
            {
                await send(StderrChannel, error, error.Length);
            }

            byte[] status = Encoding.UTF8.GetBytes(StatusJson(exitCode, command));
            await send(StatusChannel, status, status.Length);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, CancellationToken.None);
        }

        private async Task<(byte[], byte[], int)> RunOnceAsync(JsonObject pod, FakeNode node, string containerName, string[] command, byte[] input)
        {
            using Process process = Start(pod, node, containerName, command);
            var output = new MemoryStream();
            var error = new MemoryStream();
            Task reading = Task.WhenAll(process.StandardOutput.BaseStream.CopyToAsync(output), process.StandardError.BaseStream.CopyToAsync(error));
            await process.StandardInput.BaseStream.WriteAsync(input);
            process.StandardInput.Close();
            await reading;
            await process.WaitForExitAsync();
            return (output.ToArray(), error.ToArray(), process.ExitCode);
        }

        /// <summary>metav1.Status as the kubelet writes it on the status channel (pkg/kubelet/cri/streaming/remotecommand).</summary>
        public static string StatusJson(int exitCode, string[] command)
        {
            if (exitCode == 0)
            {
                return "{\"metadata\":{},\"status\":\"Success\"}";
            }

            return JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["metadata"] = new Dictionary<string, object>(),
                ["status"] = "Failure",
                ["message"] = "command terminated with non-zero exit code: error executing command [" + string.Join(" ", command) + "], exit code " + exitCode,
                ["reason"] = "NonZeroExitCode",
                ["details"] = new Dictionary<string, object>
                {
                    ["causes"] = new[] { new Dictionary<string, string> { ["reason"] = "ExitCode", ["message"] = exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) } },
                },
            });
        }

        private Process Start(JsonObject pod, FakeNode node, string containerName, string[] command)
        {
            JsonObject container = pod["spec"]["containers"].AsArray().OfType<JsonObject>().First(c => c["name"].GetValue<string>() == containerName);
            // The volume mount of the pod's hostPath "/" volume is where the node's tree appears, read-only if the mount is.
            var hostRootVolumes = pod["spec"]["volumes"]?.AsArray().OfType<JsonObject>()
                .Where(v => v["hostPath"]?["path"]?.GetValue<string>() == "/").Select(v => v["name"].GetValue<string>()).ToList() ?? new List<string>();
            JsonObject mount = container["volumeMounts"]?.AsArray().OfType<JsonObject>().FirstOrDefault(m => hostRootVolumes.Contains(m["name"].GetValue<string>()));
            string mountPath = mount?["mountPath"]?.GetValue<string>() ?? string.Empty;
            bool readOnly = mount?["readOnly"]?.GetValue<bool>() == true;

            var start = new ProcessStartInfo("unshare")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            string nsenter = NodeSystemdStandIn.MayEnterHost(pod, container) ? "allowed" : "denied";
            foreach (string word in new[] { "-m", "--", "/bin/sh", "-c", Launcher, "launch", mount == null ? string.Empty : node.Root ?? string.Empty, _rootfs.Value, mountPath, readOnly ? "1" : "0", nsenter }.Concat(command))
            {
                start.ArgumentList.Add(word);
            }

            start.Environment.Clear();
            start.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
            start.Environment["HOSTNAME"] = pod["metadata"]["name"].GetValue<string>();
            start.Environment["HOME"] = "/root";
            return Process.Start(start);
        }

        private static async Task PumpAsync(Stream from, byte channel, Func<byte, byte[], int, Task> send)
        {
            var buffer = new byte[32 * 1024];
            try
            {
                int read;
                while ((read = await from.ReadAsync(buffer)) > 0)
                {
                    await send(channel, buffer, read);
                }
            }
            catch (Exception e) when (e is WebSocketException || e is IOException || e is ObjectDisposedException)
            {
            }
        }

        /// <summary>Feeds channel 0 to the command; ends when the client closes or drops the connection.</summary>
        private static async Task ReceiveAsync(WebSocket socket, Process process, bool streamClose, CancellationToken stop)
        {
            var buffer = new byte[64 * 1024];
            var message = new MemoryStream();
            try
            {
                while (true)
                {
                    WebSocketReceiveResult result = await socket.ReceiveAsync(buffer, stop);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    message.Write(buffer, 0, result.Count);
                    if (!result.EndOfMessage)
                    {
                        continue;
                    }

                    byte[] data = message.ToArray();
                    message.SetLength(0);
                    if (data.Length == 0)
                    {
                        continue;
                    }

                    if (streamClose && data[0] == CloseSignal && data.Length == 2 && data[1] == StdinChannel)
                    {
                        process.StandardInput.Close();
                    }
                    else if (data[0] == StdinChannel && data.Length > 1)
                    {
                        try
                        {
                            await process.StandardInput.BaseStream.WriteAsync(data.AsMemory(1));
                            await process.StandardInput.BaseStream.FlushAsync();
                        }
                        catch (Exception e) when (e is IOException || e is ObjectDisposedException)
                        {
                            // The command stopped reading (or exited): what it did not read is lost, as with a pipe.
                        }
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException || e is WebSocketException || e is IOException)
            {
            }
        }

        private static void Kill(Process process)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
        }

        /// <summary>The image's root file system: Debian's static busybox with every applet linked in /bin, as the busybox image has.</summary>
        private static string BuildImageRoot()
        {
            string root = Directory.CreateTempSubdirectory("kc-standin-image-").FullName;
            foreach (string folder in new[] { "bin", "dev", "etc", "proc", "root", "tmp", "var" })
            {
                Directory.CreateDirectory(Path.Combine(root, folder));
            }

            File.WriteAllText(Path.Combine(root, "dev", "null"), string.Empty);
            File.WriteAllText(Path.Combine(root, "etc", "passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n");
            File.WriteAllText(Path.Combine(root, "etc", "group"), "root:x:0:\nnogroup:x:65534:\n");
            File.Copy("/bin/busybox", Path.Combine(root, "bin", "busybox"));
            var list = Process.Start(new ProcessStartInfo("/bin/busybox", "--list") { RedirectStandardOutput = true, UseShellExecute = false });
            foreach (string applet in list.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                if (applet != "busybox")
                {
                    File.CreateSymbolicLink(Path.Combine(root, "bin", applet), "busybox");
                }
            }

            list.WaitForExit();
            NodeSystemdStandIn.Install(root);
            return root;
        }

        public void Dispose()
        {
            if (_rootfs.IsValueCreated)
            {
                Directory.Delete(_rootfs.Value, true);
            }
        }
    }
}

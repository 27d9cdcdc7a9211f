using System;
using System.Linq;
using System.Text.RegularExpressions;
using KubeletCompliance.Core.Errors;

namespace KubeletCompliance.Core.Editing
{
    /// <summary>
    /// Edits the command line of a systemd unit or drop-in: adds a flag for kubelets whose flags live nowhere else
    /// (kubeadm before 1.11, hand-built flags-only nodes), rewrites a k3s/RKE2 <c>--kubelet-arg</c> value, and copies a
    /// packaged unit's command into an override drop-in. Each keeps the words' quoting, continuations and indentation,
    /// as installers write them (k3s's install.sh: one single-quoted argument a line, a backslash before an empty line).
    /// </summary>
    public static class ExecStartEditor
    {
        private const string KubeletArgOption = "kubelet-arg";

        // k3s reads an entry with or without leading dashes and normalises '_' like the kubelet.
        private static readonly Regex AnonymousAuthEntry = new Regex("^(?<dashes>-{0,2})anonymous[-_]auth(?:=.*)?$", RegexOptions.CultureInvariant | RegexOptions.Singleline);

        /// <summary>
        /// Appends <paramref name="flag"/> to the last non-empty ExecStart= of the [Service] section, the one systemd
        /// runs when this file holds the service's command line. A command continued with backslashes gets one more
        /// line, indented and quoted like the one before it; one that ends in a backslash before an empty line gets
        /// the new line before that empty line, ending in a backslash too.
        /// </summary>
        /// <returns>The edited content, or <paramref name="content"/> itself when the command line already holds the flag.</returns>
        /// <exception cref="EditRefusedException">The file has no ExecStart= with a command in its [Service] section.</exception>
        public static string AddFlag(string content, string flag)
        {
            var shape = TextShape.Of(content);
            var command = Find(shape.Body, "to add the flag to");
            var words = command.Words();
            if (words.Any(word => word.Text == flag))
            {
                return content;
            }

            string rendered = words.Count > 0 && words[words.Count - 1].Quote == '\'' ? "'" + flag + "'" : flag;
            var lines = command.Lines;
            var last = lines[lines.Count - 1];
            if (lines.Count > 1 && last.Trimmed.Length == 0)
            {
                var previous = lines[lines.Count - 2];
                string line = shape.Newline + TextShape.LineIndent(shape.Body, previous.Start) + rendered + " \\";
                return shape.Bom + TextShape.Splice(shape.Body, previous.ContentEnd, previous.ContentEnd, line);
            }

            if (last.Continues)
            {
                throw new EditRefusedException(ErrorIds.UnsupportedLayout, "The ExecStart= line ends in a continuation with nothing after it; it is left unchanged.");
            }

            string insertion = lines.Count == 1
                ? " " + rendered
                : " \\" + shape.Newline + TextShape.LineIndent(shape.Body, last.Start) + rendered;
            return shape.Bom + TextShape.Splice(shape.Body, last.ContentEnd, last.ContentEnd, insertion);
        }

        /// <summary>
        /// Rewrites the value of every <c>--kubelet-arg</c> of a k3s or RKE2 command line that sets anonymous-auth, in
        /// either spelling install.sh writes (<c>'--kubelet-arg=anonymous-auth=true'</c>, or <c>'--kubelet-arg'</c> and
        /// <c>'anonymous-auth=true'</c> as two words), keeping each word's quotes and the value's own dashes.
        /// </summary>
        /// <returns>The edited content, or <paramref name="content"/> itself when every such value already says so.</returns>
        public static string SetKubeletArg(string content, bool enabled)
        {
            var shape = TextShape.Of(content);
            var command = Find(shape.Body, "holding --kubelet-arg");
            var words = command.Words();
            string wanted = "anonymous-auth=" + (enabled ? "true" : "false");
            string edited = shape.Body;
            for (int i = words.Count - 1; i >= 0; i--)
            {
                string option = words[i].Text.TrimStart('-');
                int dashes = words[i].Text.Length - option.Length;
                string replacement = null;
                if (dashes > 0 && option.StartsWith(KubeletArgOption + "=", StringComparison.Ordinal))
                {
                    string value = option.Substring(KubeletArgOption.Length + 1);
                    var match = AnonymousAuthEntry.Match(value);
                    if (match.Success)
                    {
                        replacement = words[i].Text.Substring(0, dashes) + KubeletArgOption + "=" + match.Groups["dashes"].Value + wanted;
                    }
                }
                else if (dashes > 0 && option == KubeletArgOption && i + 1 < words.Count)
                {
                    var value = words[i + 1];
                    var match = AnonymousAuthEntry.Match(value.Text);
                    if (match.Success && value.Text != match.Groups["dashes"].Value + wanted)
                    {
                        edited = TextShape.Splice(edited, value.Start, value.End, value.Render(match.Groups["dashes"].Value + wanted));
                    }

                    continue;
                }

                if (replacement != null && replacement != words[i].Text)
                {
                    edited = TextShape.Splice(edited, words[i].Start, words[i].End, words[i].Render(replacement));
                }
            }

            return edited == shape.Body ? content : shape.Bom + edited;
        }

        /// <summary>
        /// A drop-in that replaces the command of <paramref name="unitPath"/> with the same command, as written: an empty
        /// ExecStart= first clears the packaged one (systemd refuses a second command for a simple service otherwise).
        /// </summary>
        /// <param name="dropIn">The drop-in planned so far (empty when this is the first thing it holds).</param>
        public static string OverrideDropIn(string unitPath, string unitContent, string dropIn)
        {
            var shape = TextShape.Of(unitContent);
            var command = Find(shape.Body, "to override");
            string text = command.Text.Replace("\r\n", "\n");
            return OverrideHeader(unitPath, dropIn) + "ExecStart=\n" + text.TrimStart(' ', '\t') + "\n";
        }

        /// <summary>
        /// A drop-in line that defines <paramref name="variable"/> again, with the value the packaged
        /// <paramref name="unitPath"/> gives it: a later Environment= of the same name wins, and naming only this one
        /// variable leaves every other definition, in whichever file, as it was.
        /// </summary>
        public static string OverrideEnvironment(string unitPath, string unitContent, string variable, string dropIn)
        {
            string value = Systemd.UnitFile.Parse(unitPath, unitContent)
                .Where(d => d.Section == "Service" && d.Key == "Environment")
                .SelectMany(d => Systemd.SystemdWords.Split(d.Value))
                .Where(word => word.StartsWith(variable + "=", StringComparison.Ordinal))
                .Select(word => word.Substring(variable.Length + 1))
                .LastOrDefault()
                ?? throw new EditRefusedException(ErrorIds.UnsupportedLayout, $"{unitPath} does not define {variable} with Environment=.");
            string assignment = (variable + "=" + value).Replace("\\", "\\\\").Replace("\"", "\\\"");
            return OverrideHeader(unitPath, dropIn) + "Environment=\"" + assignment + "\"\n";
        }

        private static string OverrideHeader(string unitPath, string dropIn) =>
            dropIn.Length > 0 ? dropIn
            : "# Written by Set-KubeletAnonymousAuth: " + unitPath + " belongs to a package, which would undo an edit\n"
              + "# there; this drop-in overrides what decides anonymous-auth. An empty ExecStart= clears the packaged command first.\n"
              + "[Service]\n";

        private static ExecStartCommand Find(string body, string purpose) =>
            ExecStartCommand.Find(body)
            ?? throw new EditRefusedException(ErrorIds.UnsupportedLayout, $"The unit file has no ExecStart= with a command in its [Service] section {purpose}.");
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using KubeletCompliance.Core.Systemd;

namespace KubeletCompliance.Core.Editing
{
    /// <summary>
    /// Adds a flag to the command line of a systemd unit or drop-in, for kubelets whose flags live nowhere else
    /// (kubeadm before 1.11 had no --config and no file for extra flags).
    /// </summary>
    public static class ExecStartEditor
    {
        private sealed class PhysicalLine
        {
            public int Start;
            /// <summary>Where the line's text ends, before trailing whitespace and its terminator.</summary>
            public int ContentEnd;
            public string Trimmed;
        }

        /// <summary>
        /// Appends <paramref name="flag"/> to the last non-empty ExecStart= of the [Service] section, the one systemd
        /// runs when this file holds the service's command line. A command line continued with backslashes gets
        /// one more continuation line, indented like the line before it.
        /// </summary>
        /// <returns>The edited content, or <paramref name="content"/> itself when the command line already holds the flag.</returns>
        /// <exception cref="EditRefusedException">The file has no ExecStart= with a command in its [Service] section.</exception>
        public static string AddFlag(string content, string flag)
        {
            var shape = TextShape.Of(content);
            string body = shape.Body;
            var lines = Split(body);
            string section = null;
            List<PhysicalLine> command = null;
            string commandText = null;
            for (int i = 0; i < lines.Count; i++)
            {
                string trimmed = lines[i].Trimmed;
                if (trimmed.Length == 0 || trimmed[0] == '#' || trimmed[0] == ';')
                {
                    continue;
                }

                if (trimmed.StartsWith("[", StringComparison.Ordinal) && trimmed.EndsWith("]", StringComparison.Ordinal))
                {
                    section = trimmed.Substring(1, trimmed.Length - 2).Trim();
                    continue;
                }

                // Comment lines inside a continuation are skipped, as systemd's parser does.
                var logical = new List<PhysicalLine> { lines[i] };
                while (logical[logical.Count - 1].Trimmed.EndsWith("\\", StringComparison.Ordinal) && i + 1 < lines.Count)
                {
                    i++;
                    string next = lines[i].Trimmed;
                    if (next.StartsWith("#", StringComparison.Ordinal) || next.StartsWith(";", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    logical.Add(lines[i]);
                }

                string text = string.Join(" ", logical.Select(l => l.Trimmed.EndsWith("\\", StringComparison.Ordinal) ? l.Trimmed.Substring(0, l.Trimmed.Length - 1) : l.Trimmed));
                int eq = text.IndexOf('=');
                if (section != "Service" || eq <= 0 || text.Substring(0, eq).Trim() != "ExecStart")
                {
                    continue;
                }

                string value = text.Substring(eq + 1).Trim();
                command = value.Length == 0 ? null : logical;
                commandText = value.Length == 0 ? null : value;
            }

            if (command == null)
            {
                throw new EditRefusedException(EditErrorIds.UnsupportedLayout, "The unit file has no ExecStart= with a command in its [Service] section to add the flag to.");
            }

            if (SystemdWords.Split(commandText).Any(word => word == flag))
            {
                return content;
            }

            var last = command[command.Count - 1];
            if (last.Trimmed.EndsWith("\\", StringComparison.Ordinal))
            {
                throw new EditRefusedException(EditErrorIds.UnsupportedLayout, "The ExecStart= line ends in a continuation with nothing after it; it is left unchanged.");
            }

            string insertion = command.Count == 1
                ? " " + flag
                : " \\" + shape.Newline + TextShape.LineIndent(body, last.Start) + flag;
            return shape.Bom + TextShape.Splice(body, last.ContentEnd, last.ContentEnd, insertion);
        }

        private static List<PhysicalLine> Split(string body)
        {
            var lines = new List<PhysicalLine>();
            int start = 0;
            while (start <= body.Length)
            {
                int lineFeed = body.IndexOf('\n', start);
                int end = lineFeed < 0 ? body.Length : lineFeed;
                int contentEnd = end;
                while (contentEnd > start && char.IsWhiteSpace(body[contentEnd - 1]))
                {
                    contentEnd--;
                }

                lines.Add(new PhysicalLine { Start = start, ContentEnd = contentEnd, Trimmed = body.Substring(start, contentEnd - start).Trim() });
                if (lineFeed < 0)
                {
                    break;
                }

                start = lineFeed + 1;
            }

            return lines;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Text;

namespace KubeletCompliance.Core.Systemd
{
    /// <summary>One <c>Key=Value</c> line of a unit file, in the section it belongs to.</summary>
    public sealed class UnitDirective
    {
        public UnitDirective(string section, string key, string value, string path, int line)
        {
            Section = section;
            Key = key;
            Value = value;
            Path = path;
            Line = line;
        }

        public string Section { get; }
        public string Key { get; }
        public string Value { get; }
        /// <summary>The node path of the unit file or drop-in that holds this line.</summary>
        public string Path { get; }
        public int Line { get; }
    }

    /// <summary>
    /// A systemd unit file or drop-in read the way systemd's config parser reads it: '#' and ';' start comments,
    /// a trailing backslash continues the line (comment lines inside a continuation are skipped).
    /// </summary>
    public static class UnitFile
    {
        public static List<UnitDirective> Parse(string path, string content)
        {
            var directives = new List<UnitDirective>();
            string section = null;
            var lines = content.TrimStart('\uFEFF').Replace("\r\n", "\n").Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                int firstLine = i + 1;
                string line = lines[i].Trim();
                if (line.Length == 0 || line[0] == '#' || line[0] == ';')
                {
                    continue;
                }

                var logical = new StringBuilder();
                while (line.EndsWith("\\", StringComparison.Ordinal) && i + 1 < lines.Length)
                {
                    logical.Append(line, 0, line.Length - 1).Append(' ');
                    line = lines[++i].Trim();
                    while ((line.StartsWith("#", StringComparison.Ordinal) || line.StartsWith(";", StringComparison.Ordinal)) && i + 1 < lines.Length)
                    {
                        line = lines[++i].Trim();
                    }
                }

                logical.Append(line.EndsWith("\\", StringComparison.Ordinal) ? line.Substring(0, line.Length - 1) : line);
                string text = logical.ToString();
                if (text.StartsWith("[", StringComparison.Ordinal) && text.EndsWith("]", StringComparison.Ordinal))
                {
                    section = text.Substring(1, text.Length - 2).Trim();
                    continue;
                }

                int eq = text.IndexOf('=');
                if (eq <= 0 || section == null)
                {
                    continue;
                }

                directives.Add(new UnitDirective(section, text.Substring(0, eq).Trim(), text.Substring(eq + 1).Trim(), path, firstLine));
            }

            return directives;
        }
    }
}

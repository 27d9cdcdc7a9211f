using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using KubeletCompliance.Core.Editing;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace KubeletCompliance.Core.Tests.Editing
{
    /// <summary>Checks that an edit touched only the lines it meant to, and reads results back with YamlDotNet.</summary>
    internal static class EditAssert
    {
        /// <summary>
        /// Every line outside the changed region is byte-identical (terminators included), the changed region
        /// holds exactly <paramref name="removed"/> and <paramref name="added"/>, and added lines end the way
        /// the file's other lines do.
        /// </summary>
        public static void OnlyLinesChanged(string before, string after, string[] removed, string[] added)
        {
            var oldLines = SplitKeepingTerminators(before);
            var newLines = SplitKeepingTerminators(after);
            int head = 0;
            while (head < oldLines.Count && head < newLines.Count && oldLines[head] == newLines[head])
            {
                head++;
            }

            int tail = 0;
            while (tail < oldLines.Count - head && tail < newLines.Count - head && oldLines[oldLines.Count - 1 - tail] == newLines[newLines.Count - 1 - tail])
            {
                tail++;
            }

            var oldMiddle = oldLines.Skip(head).Take(oldLines.Count - head - tail).ToList();
            var newMiddle = newLines.Skip(head).Take(newLines.Count - head - tail).ToList();
            Assert.Equal(removed, oldMiddle.Select(WithoutTerminator).ToArray());
            Assert.Equal(added, newMiddle.Select(WithoutTerminator).ToArray());

            string newline = before.Contains("\r\n") ? "\r\n" : "\n";
            foreach (string line in newMiddle.Where(line => line.EndsWith("\n", StringComparison.Ordinal)))
            {
                Assert.EndsWith(newline, line);
                if (newline == "\n")
                {
                    Assert.DoesNotContain("\r", line);
                }
            }

            Assert.Equal(before.StartsWith("\uFEFF", StringComparison.Ordinal), after.StartsWith("\uFEFF", StringComparison.Ordinal));
            Assert.Equal(before.EndsWith("\n", StringComparison.Ordinal), after.EndsWith("\n", StringComparison.Ordinal));
        }

        /// <summary>Sets anonymous-auth to false in a kubelet config, checks the edit is idempotent and reads back false.</summary>
        public static string DisableAnonymous(string content)
        {
            string edited = KubeletConfigEditor.SetAnonymousEnabled(content, false);
            Assert.Equal(edited, KubeletConfigEditor.SetAnonymousEnabled(edited, false));
            Assert.Equal("false", ReadAnonymousEnabled(edited));
            return edited;
        }

        /// <summary>Where the kubelet reads it: authentication.anonymous.enabled of the KubeletConfiguration document.</summary>
        public static string ReadAnonymousEnabled(string content)
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(content.TrimStart('\uFEFF')));
            var root = stream.Documents
                .Select(document => document.RootNode)
                .OfType<YamlMappingNode>()
                .Last(mapping => stream.Documents.Count == 1 || (mapping.Children.TryGetValue(new YamlScalarNode("kind"), out var kind) && kind.ToString() == "KubeletConfiguration"));
            var anonymous = (YamlMappingNode)((YamlMappingNode)root["authentication"])["anonymous"];
            var enabled = (YamlScalarNode)anonymous["enabled"];
            Assert.Equal(YamlDotNet.Core.ScalarStyle.Plain, enabled.Style);
            return enabled.Value;
        }

        /// <summary>The kubelet-arg entries of a k3s config file, a single string read as a list of one, as k3s does.</summary>
        public static string[] ReadKubeletArgs(string content)
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(content.TrimStart('\uFEFF')));
            var root = (YamlMappingNode)stream.Documents.Single().RootNode;
            var value = root["kubelet-arg"];
            return value is YamlSequenceNode list
                ? list.Children.Cast<YamlScalarNode>().Select(item => item.Value).ToArray()
                : new[] { ((YamlScalarNode)value).Value };
        }

        private static List<string> SplitKeepingTerminators(string text)
        {
            var lines = new List<string>();
            int start = 0;
            while (start < text.Length)
            {
                int lineFeed = text.IndexOf('\n', start);
                int end = lineFeed < 0 ? text.Length : lineFeed + 1;
                lines.Add(text.Substring(start, end - start));
                start = end;
            }

            return lines;
        }

        private static string WithoutTerminator(string line) => line.TrimEnd('\n').TrimEnd('\r');
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace KubeletCompliance.Core.Editing
{
    /// <summary>
    /// A unified diff (three lines of context) of one file, for showing a planned edit under -WhatIf, -Verbose and
    /// confirmation prompts; secret values are masked and control characters escaped (see <see cref="SecretMask"/>).
    /// </summary>
    public static class UnifiedDiff
    {
        private const int ContextLines = 3;
        private const string NoNewlineMarker = "\\ No newline at end of file";

        /// <returns>The diff, or an empty string when the two texts hold the same lines.</returns>
        public static string Create(string path, string before, string after)
        {
            if (before == null)
            {
                throw new ArgumentNullException(nameof(before));
            }

            if (after == null)
            {
                throw new ArgumentNullException(nameof(after));
            }

            if (before == after)
            {
                return string.Empty;
            }

            var oldLines = Split(before);
            var newLines = Split(after);
            Mask(oldLines);
            Mask(newLines);
            var edits = Compare(oldLines, newLines);
            if (edits.All(edit => edit.Kind == ' '))
            {
                return string.Empty;
            }

            var diff = new StringBuilder();
            diff.Append("--- ").Append(path).Append('\n');
            diff.Append("+++ ").Append(path).Append('\n');
            foreach (var hunk in Hunks(edits))
            {
                AppendHunk(diff, edits, hunk.Item1, hunk.Item2);
            }

            return diff.ToString();
        }

        private sealed class Line
        {
            public Line(string text, bool hasTerminator)
            {
                Text = text;
                HasTerminator = hasTerminator;
            }

            public string Text { get; }
            public bool HasTerminator { get; }
            /// <summary>The text as printed: secrets masked, control characters escaped.</summary>
            public string Shown { get; set; }

            // A last line without a newline differs from the same line with one, or adding a line after it
            // would not show; CRLF and LF lines with the same text do not differ.
            public string Key => HasTerminator ? Text : Text + "\n";
        }

        private struct Edit
        {
            public Edit(char kind, Line line, int oldIndex, int newIndex)
            {
                Kind = kind;
                Line = line;
                OldIndex = oldIndex;
                NewIndex = newIndex;
            }

            /// <summary>' ' for a line in both, '-' removed, '+' added.</summary>
            public char Kind { get; }
            public Line Line { get; }

            /// <summary>Zero-based count of old (new) lines that come before this edit.</summary>
            public int OldIndex { get; }
            public int NewIndex { get; }
        }

        private static List<Line> Split(string text)
        {
            var lines = new List<Line>();
            int start = 0;
            while (start < text.Length)
            {
                int lineFeed = text.IndexOf('\n', start);
                if (lineFeed < 0)
                {
                    lines.Add(new Line(text.Substring(start), false));
                    break;
                }

                int end = lineFeed > start && text[lineFeed - 1] == '\r' ? lineFeed - 1 : lineFeed;
                lines.Add(new Line(text.Substring(start, end - start), true));
                start = lineFeed + 1;
            }

            return lines;
        }

        /// <summary>Longest common subsequence over the lines between the common head and tail.</summary>
        private static List<Edit> Compare(List<Line> oldLines, List<Line> newLines)
        {
            int head = 0;
            while (head < oldLines.Count && head < newLines.Count && oldLines[head].Key == newLines[head].Key)
            {
                head++;
            }

            int tail = 0;
            while (tail < oldLines.Count - head && tail < newLines.Count - head
                && oldLines[oldLines.Count - 1 - tail].Key == newLines[newLines.Count - 1 - tail].Key)
            {
                tail++;
            }

            int oldCount = oldLines.Count - head - tail;
            int newCount = newLines.Count - head - tail;
            var common = new int[oldCount + 1, newCount + 1];
            for (int i = oldCount - 1; i >= 0; i--)
            {
                for (int j = newCount - 1; j >= 0; j--)
                {
                    common[i, j] = oldLines[head + i].Key == newLines[head + j].Key
                        ? common[i + 1, j + 1] + 1
                        : Math.Max(common[i + 1, j], common[i, j + 1]);
                }
            }

            var edits = new List<Edit>();
            for (int k = 0; k < head; k++)
            {
                edits.Add(new Edit(' ', oldLines[k], k, k));
            }

            int x = 0;
            int y = 0;
            while (x < oldCount || y < newCount)
            {
                if (x < oldCount && y < newCount && oldLines[head + x].Key == newLines[head + y].Key)
                {
                    edits.Add(new Edit(' ', oldLines[head + x], head + x, head + y));
                    x++;
                    y++;
                }
                else if (x < oldCount && (y == newCount || common[x + 1, y] >= common[x, y + 1]))
                {
                    // Removals before additions, as diff(1) prints a replaced line.
                    edits.Add(new Edit('-', oldLines[head + x], head + x, head + y));
                    x++;
                }
                else
                {
                    edits.Add(new Edit('+', newLines[head + y], head + x, head + y));
                    y++;
                }
            }

            for (int k = 0; k < tail; k++)
            {
                edits.Add(new Edit(' ', oldLines[head + oldCount + k], head + oldCount + k, head + newCount + k));
            }

            return edits;
        }

        /// <summary>Ranges [first, last] of edits to print; changes with at most twice the context between them share a hunk.</summary>
        /// <summary>A diff is printed to consoles and logs: secret values and terminal control characters never are.</summary>
        private static void Mask(List<Line> lines)
        {
            var shown = SecretMask.Lines(lines.Select(line => line.Text));
            for (int i = 0; i < lines.Count; i++)
            {
                lines[i].Shown = Evidence.NodeText.EscapeControls(shown[i], keepTabs: true);
            }
        }

        private static IEnumerable<Tuple<int, int>> Hunks(List<Edit> edits)
        {
            var changes = Enumerable.Range(0, edits.Count).Where(i => edits[i].Kind != ' ').ToList();
            int first = Math.Max(0, changes[0] - ContextLines);
            int lastChange = changes[0];
            foreach (int change in changes.Skip(1))
            {
                if (change - lastChange - 1 > 2 * ContextLines)
                {
                    yield return Tuple.Create(first, Math.Min(edits.Count - 1, lastChange + ContextLines));
                    first = change - ContextLines;
                }

                lastChange = change;
            }

            yield return Tuple.Create(first, Math.Min(edits.Count - 1, lastChange + ContextLines));
        }

        private static void AppendHunk(StringBuilder diff, List<Edit> edits, int first, int last)
        {
            int oldCount = 0;
            int newCount = 0;
            for (int i = first; i <= last; i++)
            {
                if (edits[i].Kind != '+')
                {
                    oldCount++;
                }

                if (edits[i].Kind != '-')
                {
                    newCount++;
                }
            }

            diff.Append("@@ -").Append(Range(edits[first].OldIndex, oldCount))
                .Append(" +").Append(Range(edits[first].NewIndex, newCount)).Append(" @@\n");
            for (int i = first; i <= last; i++)
            {
                diff.Append(edits[i].Kind).Append(edits[i].Line.Shown).Append('\n');
                if (!edits[i].Line.HasTerminator)
                {
                    diff.Append(NoNewlineMarker).Append('\n');
                }
            }
        }

        /// <summary>GNU diff's spelling: the count is left out when it is 1; an empty range names the line before it.</summary>
        private static string Range(int linesBefore, int count)
        {
            if (count == 0)
            {
                return linesBefore + ",0";
            }

            return count == 1 ? (linesBefore + 1).ToString() : (linesBefore + 1) + "," + count;
        }
    }
}

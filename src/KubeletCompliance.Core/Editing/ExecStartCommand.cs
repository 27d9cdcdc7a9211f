using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using KubeletCompliance.Core.Errors;

namespace KubeletCompliance.Core.Editing
{
    /// <summary>One word of an ExecStart= command as written: where it sits in the file, its text once unquoted, and its quoting.</summary>
    internal sealed class CommandWord
    {
        public int Start;
        public int End;
        public string Text;
        /// <summary>The quote around the whole word (' or "), or '\0' for a word written without one (or only partly quoted).</summary>
        public char Quote;
        public bool HasQuotes;

        /// <summary>New text written the way this word was: in the same quotes, or bare when it needs none.</summary>
        public string Render(string text)
        {
            char quote = Quote != '\0' ? Quote : HasQuotes || text.Any(c => char.IsWhiteSpace(c) || "'\"\\;$%".IndexOf(c) >= 0) ? '\'' : '\0';
            return quote == '\0' ? text : quote + text + quote;
        }
    }

    /// <summary>
    /// The ExecStart= directive systemd runs from one unit file or drop-in: the last one with a command in the [Service]
    /// section (an empty one resets), with its physical lines, so an edit can keep every continuation, indent and quote.
    /// </summary>
    internal sealed class ExecStartCommand
    {
        internal sealed class PhysicalLine
        {
            public int Start;
            /// <summary>Where the line's text ends, before trailing whitespace and its terminator.</summary>
            public int ContentEnd;
            public string Trimmed;

            public bool Continues => Trimmed.EndsWith("\\", StringComparison.Ordinal);
        }

        private ExecStartCommand(string body, List<PhysicalLine> lines, int valueStart)
        {
            Body = body;
            Lines = lines;
            ValueStart = valueStart;
        }

        public string Body { get; }
        /// <summary>The physical lines of the directive (comment lines inside the continuation left out, as systemd skips them).</summary>
        public IReadOnlyList<PhysicalLine> Lines { get; }
        /// <summary>Where the command starts: just after "ExecStart=".</summary>
        public int ValueStart { get; }

        /// <summary>The directive as written, from the start of its first line to the end of its last.</summary>
        public string Text => Body.Substring(Lines[0].Start, Lines[Lines.Count - 1].ContentEnd - Lines[0].Start);

        /// <summary>The last ExecStart= with a command in the [Service] section of <paramref name="body"/>, or null.</summary>
        public static ExecStartCommand Find(string body)
        {
            var lines = Split(body);
            string section = null;
            ExecStartCommand found = null;
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

                var logical = new List<PhysicalLine> { lines[i] };
                while (logical[logical.Count - 1].Continues && i + 1 < lines.Count)
                {
                    i++;
                    string next = lines[i].Trimmed;
                    if (next.StartsWith("#", StringComparison.Ordinal) || next.StartsWith(";", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    logical.Add(lines[i]);
                }

                int eq = body.IndexOf('=', logical[0].Start, logical[0].ContentEnd - logical[0].Start);
                if (section != "Service" || eq < 0 || body.Substring(logical[0].Start, eq - logical[0].Start).Trim() != "ExecStart")
                {
                    continue;
                }

                string value = string.Join(" ", logical.Select((l, n) => Segment(body, l, n == 0 ? eq + 1 : l.Start)));
                found = value.Trim().Length == 0 ? null : new ExecStartCommand(body, logical, eq + 1);
            }

            return found;
        }

        /// <summary>
        /// The command's words as systemd splits them (quotes group, a backslash escapes), each with its place in the
        /// file. A continuation is a word break, as systemd turns it into a space.
        /// </summary>
        /// <exception cref="EditRefusedException">A quote left open at the end of a line.</exception>
        public List<CommandWord> Words()
        {
            var words = new List<CommandWord>();
            for (int n = 0; n < Lines.Count; n++)
            {
                var line = Lines[n];
                int start = n == 0 ? ValueStart : line.Start;
                int end = line.Continues ? Body.LastIndexOf('\\', line.ContentEnd - 1) : line.ContentEnd;
                SplitSegment(start, end, words);
            }

            return words;
        }

        private void SplitSegment(int start, int end, List<CommandWord> words)
        {
            CommandWord word = null;
            var text = new StringBuilder();
            char quote = '\0';
            for (int i = start; i < end; i++)
            {
                char c = Body[i];
                if (quote == '\0' && char.IsWhiteSpace(c))
                {
                    Close(ref word, text, i, words);
                    continue;
                }

                if (word == null)
                {
                    word = new CommandWord { Start = i };
                }

                if (quote != '\0')
                {
                    if (c == quote)
                    {
                        quote = '\0';
                    }
                    else if (c == '\\' && quote == '"' && i + 1 < end)
                    {
                        text.Append(Body[++i]);
                    }
                    else
                    {
                        text.Append(c);
                    }
                }
                else if (c == '"' || c == '\'')
                {
                    quote = c;
                    word.HasQuotes = true;
                }
                else if (c == '\\' && i + 1 < end)
                {
                    text.Append(Body[++i]);
                }
                else
                {
                    text.Append(c);
                }
            }

            if (quote != '\0')
            {
                throw new EditRefusedException(ErrorIds.UnsupportedQuoting, "A quote in the ExecStart= command is left open at the end of a line; the command is left unchanged.");
            }

            Close(ref word, text, end, words);
        }

        private void Close(ref CommandWord word, StringBuilder text, int end, List<CommandWord> words)
        {
            if (word == null)
            {
                return;
            }

            word.End = end;
            word.Text = text.ToString();
            char first = Body[word.Start];
            char last = Body[end - 1];
            if ((first == '\'' || first == '"') && last == first && end - word.Start >= 2
                && Body.IndexOf(first, word.Start + 1, end - word.Start - 2) < 0)
            {
                word.Quote = first;
            }

            words.Add(word);
            word = null;
            text.Clear();
        }

        private static string Segment(string body, PhysicalLine line, int from)
        {
            string text = body.Substring(from, Math.Max(0, line.ContentEnd - from));
            return line.Continues ? text.Substring(0, text.Length - 1) : text;
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

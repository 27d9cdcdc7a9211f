using System;

namespace KubeletCompliance.Core.Editing
{
    /// <summary>
    /// The parts of a file's layout that an edit must carry over untouched: a UTF-8 byte order mark,
    /// the line terminator its owner uses, and whether it ends with one.
    /// </summary>
    internal sealed class TextShape
    {
        private const char ByteOrderMark = '\uFEFF';

        private TextShape(string bom, string body, string newline)
        {
            Bom = bom;
            Body = body;
            Newline = newline;
        }

        public string Bom { get; }

        /// <summary>The content without its byte order mark; YamlDotNet would read the mark as part of the first key.</summary>
        public string Body { get; }

        public string Newline { get; }

        public static TextShape Of(string content)
        {
            if (content == null)
            {
                throw new ArgumentNullException(nameof(content));
            }

            bool hasBom = content.Length > 0 && content[0] == ByteOrderMark;
            string body = hasBom ? content.Substring(1) : content;
            return new TextShape(hasBom ? ByteOrderMark.ToString() : string.Empty, body, DetectNewline(body));
        }

        public static string DetectNewline(string text)
        {
            int firstLineFeed = text.IndexOf('\n');
            return firstLineFeed > 0 && text[firstLineFeed - 1] == '\r' ? "\r\n" : "\n";
        }

        public static bool EndsWithNewline(string text) => text.Length > 0 && text[text.Length - 1] == '\n';

        /// <summary>The whitespace that starts the line holding <paramref name="index"/>.</summary>
        public static string LineIndent(string text, int index)
        {
            int lineStart = LineStart(text, index);
            int end = lineStart;
            while (end < text.Length && (text[end] == ' ' || text[end] == '\t'))
            {
                end++;
            }

            return text.Substring(lineStart, end - lineStart);
        }

        public static int LineStart(string text, int index)
        {
            int newline = index <= 0 ? -1 : text.LastIndexOf('\n', Math.Min(index, text.Length) - 1);
            return newline + 1;
        }

        public static bool OnSameLine(string text, int first, int second)
        {
            int low = Math.Min(first, second);
            int high = Math.Max(first, second);
            return text.IndexOf('\n', low, high - low) < 0;
        }

        /// <summary>
        /// Inserts whole lines right after the line on which <paramref name="contentEnd"/> lies, so trailing
        /// comments stay on their line. A file without a final newline keeps lacking one.
        /// </summary>
        public static string InsertLinesAfter(string text, int contentEnd, string newline, params string[] lines)
        {
            string block = string.Join(newline, lines);
            int insertAt;
            if (contentEnd > 0 && text[contentEnd - 1] == '\n')
            {
                insertAt = contentEnd;
            }
            else
            {
                int lineFeed = text.IndexOf('\n', contentEnd);
                if (lineFeed < 0)
                {
                    return text + newline + block;
                }

                insertAt = lineFeed + 1;
            }

            return text.Substring(0, insertAt) + block + newline + text.Substring(insertAt);
        }

        /// <summary>
        /// Adds a last line. A file that ends without a newline keeps ending without one; an empty file
        /// gets the line and a newline, as a file written from scratch would.
        /// </summary>
        public static string AppendLine(string text, string line, string newline)
        {
            if (text.Length == 0)
            {
                return line + newline;
            }

            return EndsWithNewline(text) ? text + line + newline : text + newline + line;
        }

        public static string Splice(string text, int start, int end, string replacement)
            => text.Substring(0, start) + replacement + text.Substring(end);
    }
}

using System.Collections.Generic;
using System.Linq;
using YamlDotNet.Core;

namespace KubeletCompliance.Core.Editing
{
    /// <summary>
    /// Adds a chain of nested keys ending in a scalar (for example <c>anonymous: {enabled: false}</c>) to a
    /// mapping, written the way the mapping's neighbours are written: block lines at the siblings'
    /// indentation, or flow members with the same key quoting and spacing, pretty-printed over lines when
    /// the mapping already spans lines.
    /// </summary>
    internal sealed class MappingInsertion
    {
        private readonly string text;
        private readonly string newline;
        private readonly string indentUnit;
        private readonly ScalarStyle keyStyleWithoutNeighbours;

        /// <param name="keyStyleWithoutNeighbours">How to write keys where no sibling shows it: quoted in JSON, plain in YAML.</param>
        public MappingInsertion(string text, IReadOnlyList<SourceNode> documents, ScalarStyle keyStyleWithoutNeighbours)
        {
            this.text = text;
            this.keyStyleWithoutNeighbours = keyStyleWithoutNeighbours;
            newline = TextShape.DetectNewline(text);
            indentUnit = DetectIndentUnit(text, documents);
        }

        public string Into(SourceNode mapping, IReadOnlyList<string> keys, string scalar)
        {
            if (!mapping.IsFlow)
            {
                var firstKey = mapping.Pairs[0].Key;
                return TextShape.InsertLinesAfter(text, mapping.End, newline, BlockLines(new string(' ', firstKey.Column), keys, scalar, firstKey.Style));
            }

            if (mapping.Pairs.Count == 0)
            {
                return TextShape.Splice(text, mapping.Start + 1, mapping.Start + 1, Compact(keys, 0, scalar, keyStyleWithoutNeighbours, ": "));
            }

            var last = mapping.Pairs[mapping.Pairs.Count - 1];
            string colon = ColonSeparator(last.Key);
            string member;
            if (TextShape.OnSameLine(text, mapping.Start, last.Key.Start))
            {
                member = CommaSeparator(mapping, colon) + Compact(keys, 0, scalar, last.Key.Style, colon);
            }
            else
            {
                string indent = TextShape.LineIndent(text, last.Key.Start);
                member = "," + newline + indent + Pretty(keys, 0, scalar, last.Key.Style, colon, indent);
            }

            return TextShape.Splice(text, last.Value.End, last.Value.End, member);
        }

        /// <summary>Gives a key whose value is null (<c>anonymous:</c>, <c>anonymous: null</c>) the nested keys.</summary>
        public string IntoNullValue(SourceNode parent, SourcePair pair, IReadOnlyList<string> keys, string scalar)
        {
            if (!parent.IsFlow && pair.Value.IsEmptyScalar)
            {
                string indent = new string(' ', pair.Key.Column) + indentUnit;
                return TextShape.InsertLinesAfter(text, pair.Value.End, newline, BlockLines(indent, keys, scalar, pair.Key.Style));
            }

            string flowValue = "{" + Compact(keys, 0, scalar, pair.Key.Style, ColonSeparator(pair.Key)) + "}";
            if (pair.Value.IsEmptyScalar)
            {
                bool needsSpace = pair.Value.Start > 0 && !char.IsWhiteSpace(text[pair.Value.Start - 1]);
                return TextShape.Splice(text, pair.Value.Start, pair.Value.Start, (needsSpace ? " " : string.Empty) + flowValue);
            }

            return TextShape.Splice(text, pair.Value.Start, pair.Value.End, flowValue);
        }

        private string[] BlockLines(string indent, IReadOnlyList<string> keys, string scalar, ScalarStyle keyStyle)
        {
            var lines = new string[keys.Count];
            for (int i = 0; i < keys.Count; i++)
            {
                string prefix = indent + string.Concat(Enumerable.Repeat(indentUnit, i)) + Key(keys[i], keyStyle) + ":";
                lines[i] = i == keys.Count - 1 ? prefix + " " + scalar : prefix;
            }

            return lines;
        }

        private static string Compact(IReadOnlyList<string> keys, int depth, string scalar, ScalarStyle keyStyle, string colon)
        {
            string key = Key(keys[depth], keyStyle) + colon;
            return depth == keys.Count - 1 ? key + scalar : key + "{" + Compact(keys, depth + 1, scalar, keyStyle, colon) + "}";
        }

        private string Pretty(IReadOnlyList<string> keys, int depth, string scalar, ScalarStyle keyStyle, string colon, string indent)
        {
            string key = Key(keys[depth], keyStyle) + colon;
            if (depth == keys.Count - 1)
            {
                return key + scalar;
            }

            string inner = indent + indentUnit;
            return key + "{" + newline + inner + Pretty(keys, depth + 1, scalar, keyStyle, colon, inner) + newline + indent + "}";
        }

        private static string Key(string name, ScalarStyle style)
        {
            switch (style)
            {
                case ScalarStyle.DoubleQuoted:
                    return "\"" + name + "\"";
                case ScalarStyle.SingleQuoted:
                    return "'" + name + "'";
                default:
                    return name;
            }
        }

        /// <summary>JSON may write <c>"key":value</c>; a plain YAML key needs the space or it would not be a key.</summary>
        private string ColonSeparator(SourceNode key)
        {
            if (key.Style != ScalarStyle.DoubleQuoted && key.Style != ScalarStyle.SingleQuoted)
            {
                return ": ";
            }

            int colon = SkipBlanks(key.End);
            return colon + 1 < text.Length && text[colon] == ':' && !char.IsWhiteSpace(text[colon + 1]) ? ":" : ": ";
        }

        private string CommaSeparator(SourceNode mapping, string colon)
        {
            if (mapping.Pairs.Count < 2)
            {
                return colon == ":" ? "," : ", ";
            }

            var previousValue = mapping.Pairs[mapping.Pairs.Count - 2].Value;
            int comma = SkipBlanks(previousValue.End);
            return comma + 1 < text.Length && text[comma] == ',' && !char.IsWhiteSpace(text[comma + 1]) ? "," : ", ";
        }

        private int SkipBlanks(int index)
        {
            while (index < text.Length && (text[index] == ' ' || text[index] == '\t'))
            {
                index++;
            }

            return index;
        }

        /// <summary>
        /// The step by which the file indents a nested mapping under its key, taken from the first nested
        /// mapping that starts on a line of its own; two spaces when the file has none.
        /// </summary>
        private static string DetectIndentUnit(string text, IReadOnlyList<SourceNode> documents)
        {
            var pending = new Stack<SourceNode>(documents.Reverse());
            while (pending.Count > 0)
            {
                var node = pending.Pop();
                foreach (var pair in node.Pairs)
                {
                    var child = pair.Value;
                    if (child.Kind == SourceNodeKind.Mapping && child.Pairs.Count > 0 && !TextShape.OnSameLine(text, pair.Key.Start, child.Pairs[0].Key.Start))
                    {
                        string parentIndent = TextShape.LineIndent(text, pair.Key.Start);
                        string childIndent = TextShape.LineIndent(text, child.Pairs[0].Key.Start);
                        if (childIndent.Length > parentIndent.Length && childIndent.StartsWith(parentIndent, System.StringComparison.Ordinal))
                        {
                            return childIndent.Substring(parentIndent.Length);
                        }
                    }
                }

                var children = node.Pairs.Select(pair => pair.Value).Concat(node.Items).ToList();
                for (int i = children.Count - 1; i >= 0; i--)
                {
                    pending.Push(children[i]);
                }
            }

            return "  ";
        }
    }
}

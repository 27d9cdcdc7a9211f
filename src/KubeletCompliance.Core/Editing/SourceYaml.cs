using System;
using System.Collections.Generic;
using System.IO;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace KubeletCompliance.Core.Editing
{
    internal enum SourceNodeKind
    {
        Scalar,
        Mapping,
        Sequence,
        Alias,
    }

    internal sealed class SourcePair
    {
        public SourcePair(SourceNode key, SourceNode value)
        {
            Key = key;
            Value = value;
        }

        public SourceNode Key { get; }
        public SourceNode Value { get; }
    }

    /// <summary>
    /// A YAML node together with where its text lies in the source, so an editor can splice the original
    /// text instead of re-serialising it (which would lose comments, quoting and layout).
    /// </summary>
    internal sealed class SourceNode
    {
        private static readonly HashSet<string> NullSpellings = new HashSet<string>(StringComparer.Ordinal)
        {
            string.Empty, "~", "null", "Null", "NULL",
        };

        public SourceNode(SourceNodeKind kind, int start, int column, bool isFlow)
        {
            Kind = kind;
            Start = start;
            Column = column;
            IsFlow = isFlow;
        }

        public SourceNodeKind Kind { get; }
        public int Start { get; }

        /// <summary>
        /// Exclusive end. For a block collection this is where its last child ends, not where the parser
        /// saw the next token, which may lie lines later behind comments that belong to the parent.
        /// </summary>
        public int End { get; set; }

        /// <summary>Zero-based column of <see cref="Start"/>.</summary>
        public int Column { get; }
        public bool IsFlow { get; }
        public string Value { get; set; }
        public ScalarStyle Style { get; set; }
        public bool HasTag { get; set; }
        public List<SourcePair> Pairs { get; } = new List<SourcePair>();
        public List<SourceNode> Items { get; } = new List<SourceNode>();

        public bool IsNull => Kind == SourceNodeKind.Scalar && Style == ScalarStyle.Plain && !HasTag && NullSpellings.Contains(Value);

        public bool IsEmptyScalar => IsNull && Value.Length == 0;

        /// <summary>The last pair with this key: the kubelet's decoder keeps the last of duplicated keys.</summary>
        public SourcePair LastPair(string key)
        {
            for (int i = Pairs.Count - 1; i >= 0; i--)
            {
                var candidate = Pairs[i].Key;
                if (candidate.Kind == SourceNodeKind.Scalar && string.Equals(candidate.Value, key, StringComparison.Ordinal))
                {
                    return Pairs[i];
                }
            }

            return null;
        }
    }

    /// <summary>Reads YAML (and JSON, which is YAML) into <see cref="SourceNode"/> trees, one per document.</summary>
    internal static class SourceYaml
    {
        /// <summary>Parses the whole stream before anything is edited, so a syntax error anywhere refuses the edit.</summary>
        public static IReadOnlyList<SourceNode> ParseDocuments(string text, string errorId, string what)
        {
            var documents = new List<SourceNode>();
            try
            {
                var parser = new Parser(new StringReader(text));
                parser.Consume<StreamStart>();
                while (parser.TryConsume<DocumentStart>(out _))
                {
                    documents.Add(ReadNode(parser, text, 0));
                    parser.Consume<DocumentEnd>();
                }

                parser.Consume<StreamEnd>();
            }
            catch (YamlException exception)
            {
                throw new EditRefusedException(
                    errorId,
                    string.Format("The {0} cannot be parsed, so it is left unchanged: line {1}, column {2}: {3}", what, exception.Start.Line, exception.Start.Column, exception.Message),
                    exception);
            }

            return documents;
        }

        private static SourceNode ReadNode(IParser parser, string text, int depth)
        {
            var current = parser.Current;
            if (depth > Config.ConfigParser.MaxDepth)
            {
                throw new SemanticErrorException(current.Start, current.End, $"The document nests deeper than {Config.ConfigParser.MaxDepth} levels.");
            }

            parser.MoveNext();
            int start = checked((int)current.Start.Index);
            int column = checked((int)current.Start.Column) - 1;
            switch (current)
            {
                case Scalar scalar:
                    return new SourceNode(SourceNodeKind.Scalar, start, column, false)
                    {
                        End = checked((int)scalar.End.Index),
                        Value = scalar.Value,
                        Style = scalar.Style,
                        HasTag = !scalar.Tag.IsEmpty,
                    };
                case AnchorAlias alias:
                    return new SourceNode(SourceNodeKind.Alias, start, column, false) { End = checked((int)alias.End.Index) };
                case MappingStart mapping:
                    return ReadMapping(parser, text, depth, new SourceNode(SourceNodeKind.Mapping, start, column, mapping.Style == MappingStyle.Flow));
                case SequenceStart sequence:
                    return ReadSequence(parser, text, depth, new SourceNode(SourceNodeKind.Sequence, start, column, sequence.Style == SequenceStyle.Flow));
                default:
                    throw new SemanticErrorException(current.Start, current.End, "Unexpected " + current.GetType().Name + ".");
            }
        }

        private static SourceNode ReadMapping(IParser parser, string text, int depth, SourceNode mapping)
        {
            while (!(parser.Current is MappingEnd))
            {
                var key = ReadNode(parser, text, depth + 1);
                var value = ReadNode(parser, text, depth + 1);
                mapping.Pairs.Add(new SourcePair(key, value));
            }

            var end = parser.Current;
            parser.MoveNext();
            mapping.End = CollectionEnd(mapping, end, text, '}', mapping.Pairs.Count == 0 ? null : mapping.Pairs[mapping.Pairs.Count - 1].Value);
            return mapping;
        }

        private static SourceNode ReadSequence(IParser parser, string text, int depth, SourceNode sequence)
        {
            while (!(parser.Current is SequenceEnd))
            {
                sequence.Items.Add(ReadNode(parser, text, depth + 1));
            }

            var end = parser.Current;
            parser.MoveNext();
            sequence.End = CollectionEnd(sequence, end, text, ']', sequence.Items.Count == 0 ? null : sequence.Items[sequence.Items.Count - 1]);
            return sequence;
        }

        private static int CollectionEnd(SourceNode collection, ParsingEvent endEvent, string text, char closingBracket, SourceNode lastChild)
        {
            if (collection.IsFlow)
            {
                // The end event of a flow collection is placed on its closing bracket; the node ends after it.
                int bracket = checked((int)endEvent.Start.Index);
                if (bracket >= text.Length || text[bracket] != closingBracket)
                {
                    throw new SemanticErrorException(endEvent.Start, endEvent.End, "Expected '" + closingBracket + "' here.");
                }

                return bracket + 1;
            }

            return lastChild == null ? collection.Start : lastChild.End;
        }
    }
}

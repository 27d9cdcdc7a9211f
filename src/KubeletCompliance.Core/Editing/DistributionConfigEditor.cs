using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using KubeletCompliance.Core.Errors;
using YamlDotNet.Core;

namespace KubeletCompliance.Core.Editing
{
    /// <summary>
    /// Sets <c>anonymous-auth</c> in the <c>kubelet-arg</c> key of a k3s or RKE2 config file
    /// (<c>/etc/rancher/k3s/config.yaml</c>, <c>config.yaml.d/*.yaml</c>), keeping the file as written.
    /// </summary>
    public static class DistributionConfigEditor
    {
        private const string KubeletArgKey = "kubelet-arg";
        private const string ListIndent = "  ";

        // k3s passes each entry to the kubelet as "--" + entry unless it already starts with dashes.
        private static readonly Regex AnonymousAuthEntry = new Regex("^(?<dashes>--)?anonymous[-_]auth(?:=.*)?$", RegexOptions.CultureInvariant | RegexOptions.Singleline);

        /// <returns>The edited content, or <paramref name="content"/> itself when the entry is already written as wanted.</returns>
        /// <exception cref="EditRefusedException">The file cannot be parsed or does not have the shape of a k3s/RKE2 config.</exception>
        public static string SetKubeletArg(string content, bool enabled)
        {
            var shape = TextShape.Of(content);
            string argument = "anonymous-auth=" + (enabled ? "true" : "false");
            var documents = SourceYaml.ParseDocuments(shape.Body, ErrorIds.MalformedYaml, "k3s/RKE2 config file");
            string edited = Edit(shape.Body, shape.Newline, documents, argument);
            if (edited == shape.Body)
            {
                return content;
            }

            VerifyWritten(edited, argument);
            return shape.Bom + edited;
        }

        private static string Edit(string body, string newline, IReadOnlyList<SourceNode> documents, string argument)
        {
            var nonEmpty = documents.Where(document => !document.IsNull).ToList();
            if (nonEmpty.Count == 0)
            {
                return TextShape.AppendLine(TextShape.AppendLine(body, KubeletArgKey + ":", newline), ListIndent + "- " + Token(argument, ScalarStyle.DoubleQuoted), newline);
            }

            if (nonEmpty.Count > 1)
            {
                throw new EditRefusedException(ErrorIds.UnsupportedLayout, "The k3s/RKE2 config file holds several YAML documents; k3s reads one.");
            }

            var root = nonEmpty[0];
            if (root.Kind != SourceNodeKind.Mapping)
            {
                throw new EditRefusedException(ErrorIds.UnexpectedNodeType, "The k3s/RKE2 config file's top level is not a mapping.");
            }

            var pair = root.LastPair(KubeletArgKey);
            if (pair == null)
            {
                if (root.IsFlow)
                {
                    throw new EditRefusedException(ErrorIds.UnsupportedLayout, "The k3s/RKE2 config file is written as a flow mapping; adding 'kubelet-arg' to it is not supported.");
                }

                return TextShape.InsertLinesAfter(body, root.End, newline, KubeletArgKey + ":", ListIndent + "- " + Token(argument, ScalarStyle.DoubleQuoted));
            }

            var value = pair.Value;
            switch (value.Kind)
            {
                case SourceNodeKind.Sequence:
                    return EditList(body, newline, value, argument);
                case SourceNodeKind.Scalar:
                    return EditSingleString(body, newline, pair, argument);
                default:
                    throw new EditRefusedException(ErrorIds.UnexpectedNodeType, "'kubelet-arg' in the k3s/RKE2 config file is neither a list nor a string.");
            }
        }

        private static string EditList(string body, string newline, SourceNode list, string argument)
        {
            var entries = list.Items.Where(IsAnonymousAuthEntry).ToList();
            if (entries.Count > 0)
            {
                // Right to left, so the positions of earlier entries still hold after each splice.
                string edited = body;
                for (int i = entries.Count - 1; i >= 0; i--)
                {
                    edited = ReplaceEntry(edited, entries[i], argument);
                }

                return edited == body ? body : edited;
            }

            var last = list.Items.LastOrDefault(item => item.Kind == SourceNodeKind.Scalar);
            string token = last == null
                ? Token(argument, ScalarStyle.DoubleQuoted)
                : Token(DashesOf(last) + argument, last.Style);

            if (list.IsFlow)
            {
                return list.Items.Count == 0
                    ? TextShape.Splice(body, list.Start + 1, list.Start + 1, token)
                    : TextShape.Splice(body, list.Items[list.Items.Count - 1].End, list.Items[list.Items.Count - 1].End, ", " + token);
            }

            var lastItem = list.Items[list.Items.Count - 1];
            return TextShape.InsertLinesAfter(body, list.End, newline, EntryPrefix(body, lastItem) + token);
        }

        private static string EditSingleString(string body, string newline, SourcePair pair, string argument)
        {
            var value = pair.Value;
            if (value.IsEmptyScalar)
            {
                string indent = new string(' ', pair.Key.Column) + ListIndent;
                return TextShape.InsertLinesAfter(body, value.End, newline, indent + "- " + Token(argument, ScalarStyle.DoubleQuoted));
            }

            if (value.IsNull)
            {
                return TextShape.Splice(body, value.Start, value.End, "[" + Token(argument, ScalarStyle.DoubleQuoted) + "]");
            }

            if (IsAnonymousAuthEntry(value))
            {
                return ReplaceEntry(body, value, argument);
            }

            // k3s reads a single string as a list of one; a second entry needs the list form.
            int colon = body.LastIndexOf(':', value.Start);
            string itemIndent = TextShape.LineIndent(body, pair.Key.Start) + ListIndent + "- ";
            string original = body.Substring(value.Start, value.End - value.Start);
            string list = newline + itemIndent + original + newline + itemIndent + Token(DashesOf(value) + argument, value.Style);
            return TextShape.Splice(body, colon + 1, value.End, list);
        }

        private static bool IsAnonymousAuthEntry(SourceNode item)
            => item.Kind == SourceNodeKind.Scalar && AnonymousAuthEntry.IsMatch(item.Value);

        private static string DashesOf(SourceNode entry) => entry.Value.StartsWith("--", System.StringComparison.Ordinal) ? "--" : string.Empty;

        private static string ReplaceEntry(string body, SourceNode entry, string argument)
        {
            string token = Token(DashesOf(entry) + argument, entry.Style);
            return body.Substring(entry.Start, entry.End - entry.Start) == token ? body : TextShape.Splice(body, entry.Start, entry.End, token);
        }

        /// <summary>What precedes the last block entry on its line (indentation and "- "), reused for the new entry.</summary>
        private static string EntryPrefix(string body, SourceNode lastItem)
        {
            int lineStart = TextShape.LineStart(body, lastItem.Start);
            string prefix = body.Substring(lineStart, lastItem.Start - lineStart);
            return prefix.Trim() == "-" ? prefix : TextShape.LineIndent(body, lastItem.Start) + "- ";
        }

        /// <summary>Entries hold no quotes or backslashes, so quoting them needs no escaping.</summary>
        private static string Token(string text, ScalarStyle style)
        {
            switch (style)
            {
                case ScalarStyle.Plain:
                    return text;
                case ScalarStyle.SingleQuoted:
                    return "'" + text + "'";
                default:
                    return "\"" + text + "\"";
            }
        }

        private static void VerifyWritten(string edited, string argument)
        {
            string failure = "The edited k3s/RKE2 config file did not read back 'kubelet-arg' with '" + argument + "'; it is left unchanged.";
            IReadOnlyList<SourceNode> documents;
            try
            {
                documents = SourceYaml.ParseDocuments(edited, ErrorIds.EditNotVerified, "edited k3s/RKE2 config file");
            }
            catch (EditRefusedException exception)
            {
                throw new EditRefusedException(ErrorIds.EditNotVerified, failure, exception);
            }

            var root = documents.FirstOrDefault(document => !document.IsNull);
            var value = root?.Kind == SourceNodeKind.Mapping ? root.LastPair(KubeletArgKey)?.Value : null;
            var entries = value == null ? new List<SourceNode>()
                : value.Kind == SourceNodeKind.Sequence ? value.Items.Where(IsAnonymousAuthEntry).ToList()
                : IsAnonymousAuthEntry(value) ? new List<SourceNode> { value } : new List<SourceNode>();
            if (entries.Count == 0 || entries.Any(entry => entry.Value != DashesOf(entry) + argument))
            {
                throw new EditRefusedException(ErrorIds.EditNotVerified, failure);
            }
        }
    }
}

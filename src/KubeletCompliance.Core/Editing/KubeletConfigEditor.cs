using System;
using System.Collections.Generic;
using System.Linq;
using KubeletCompliance.Core.Errors;
using YamlDotNet.Core;

namespace KubeletCompliance.Core.Editing
{
    /// <summary>
    /// Sets <c>authentication.anonymous.enabled</c> in a kubelet config file (YAML or JSON), changing only
    /// that value or adding only the missing keys, so the file stays as its owner wrote it.
    /// </summary>
    public static class KubeletConfigEditor
    {
        private const string KubeletConfigurationKind = "KubeletConfiguration";
        private static readonly string[] PathToEnabled = { "authentication", "anonymous", "enabled" };

        /// <returns>The edited content, or <paramref name="content"/> itself when the value is already written as wanted.</returns>
        /// <exception cref="EditRefusedException">The file cannot be parsed or does not have the shape of a kubelet config.</exception>
        public static string SetAnonymousEnabled(string content, bool enabled)
        {
            var shape = TextShape.Of(content);
            bool isJson = LooksLikeJson(shape.Body);
            string scalar = enabled ? "true" : "false";

            var documents = Parse(shape.Body, isJson, "kubelet config file");
            var root = SelectKubeletDocument(documents);
            var insertion = new MappingInsertion(shape.Body, documents, isJson ? ScalarStyle.DoubleQuoted : ScalarStyle.Plain);
            string edited = Edit(shape.Body, root, insertion, scalar);
            if (edited == shape.Body)
            {
                return content;
            }

            VerifyWritten(edited, isJson, scalar);
            return shape.Bom + edited;
        }

        /// <summary>
        /// A whole --config-dir drop-in setting only authentication.anonymous.enabled: the kubelet refuses a drop-in
        /// without apiVersion and kind, and merges the rest as a patch, so every other field keeps its value.
        /// </summary>
        public static string NewDropIn(bool enabled) =>
            "# Written by Set-KubeletAnonymousAuth; named to sort last, so it is applied after every other drop-in.\n"
            + "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: " + KubeletConfigurationKind + "\nauthentication:\n  anonymous:\n    enabled: "
            + (enabled ? "true" : "false") + "\n";

        /// <summary>The kubelet decodes YAML and JSON alike; JSON only decides how inserted keys are written.</summary>
        private static bool LooksLikeJson(string body)
        {
            foreach (char c in body)
            {
                if (!char.IsWhiteSpace(c))
                {
                    return c == '{';
                }
            }

            return false;
        }

        private static IReadOnlyList<SourceNode> Parse(string body, bool isJson, string what)
            => SourceYaml.ParseDocuments(body, isJson ? ErrorIds.MalformedJson : ErrorIds.MalformedYaml, what);

        private static SourceNode SelectKubeletDocument(IReadOnlyList<SourceNode> documents)
        {
            var mappings = documents.Where(document => document.Kind == SourceNodeKind.Mapping).ToList();
            var kubeletDocument = mappings.FirstOrDefault(IsKubeletConfiguration);
            if (kubeletDocument != null)
            {
                return kubeletDocument;
            }

            if (documents.Count == 1 && mappings.Count == 1)
            {
                return mappings[0];
            }

            if (documents.All(document => document.IsNull))
            {
                throw new EditRefusedException(ErrorIds.EmptyDocument, "The kubelet config file has no content; the kubelet refuses an empty config file, and there is nothing to add a setting to.");
            }

            if (documents.Count == 1)
            {
                throw new EditRefusedException(ErrorIds.UnexpectedNodeType, "The kubelet config file's top level is not a mapping.");
            }

            throw new EditRefusedException(ErrorIds.NoKubeletConfigurationDocument, "The file holds several YAML documents and none has 'kind: " + KubeletConfigurationKind + "'.");
        }

        private static bool IsKubeletConfiguration(SourceNode mapping)
        {
            var kind = mapping.LastPair("kind");
            return kind != null && kind.Value.Kind == SourceNodeKind.Scalar && kind.Value.Value == KubeletConfigurationKind;
        }

        private static string Edit(string body, SourceNode root, MappingInsertion insertion, string scalar)
        {
            var mapping = root;
            for (int depth = 0; depth < PathToEnabled.Length; depth++)
            {
                var pair = mapping.LastPair(PathToEnabled[depth]);
                var remaining = PathToEnabled.Skip(depth).ToArray();
                if (pair == null)
                {
                    return insertion.Into(mapping, remaining, scalar);
                }

                bool isLeaf = depth == PathToEnabled.Length - 1;
                if (isLeaf)
                {
                    return ReplaceScalar(body, pair.Value, scalar);
                }

                if (pair.Value.IsNull)
                {
                    return insertion.IntoNullValue(mapping, pair, remaining.Skip(1).ToArray(), scalar);
                }

                if (pair.Value.Kind != SourceNodeKind.Mapping)
                {
                    throw new EditRefusedException(
                        ErrorIds.UnexpectedNodeType,
                        string.Format("'{0}' in the kubelet config file is not a mapping (line {1}), so '{2}' cannot be set under it.", string.Join(".", PathToEnabled.Take(depth + 1)), LineOf(body, pair.Value.Start), string.Join(".", PathToEnabled)));
                }

                mapping = pair.Value;
            }

            throw new InvalidOperationException("The path to the setting always ends in a leaf.");
        }

        /// <summary>
        /// Replaces the whole token, tag and quotes included: a quoted "false" or YAML 1.1 'no' is not
        /// what CIS asks for and not read as a bool by every YAML library, a plain false is.
        /// </summary>
        private static string ReplaceScalar(string body, SourceNode value, string scalar)
        {
            if (value.Kind == SourceNodeKind.Mapping || value.Kind == SourceNodeKind.Sequence)
            {
                throw new EditRefusedException(
                    ErrorIds.UnexpectedNodeType,
                    string.Format("'authentication.anonymous.enabled' in the kubelet config file is a {0}, not a boolean (line {1}).", value.Kind.ToString().ToLowerInvariant(), LineOf(body, value.Start)));
            }

            if (value.IsEmptyScalar)
            {
                return TextShape.Splice(body, value.Start, value.End, " " + scalar);
            }

            if (body.Substring(value.Start, value.End - value.Start) == scalar)
            {
                return body;
            }

            return TextShape.Splice(body, value.Start, value.End, scalar);
        }

        /// <summary>Reads the edit back the way the kubelet would, so a splice that went wrong never reaches a node.</summary>
        private static void VerifyWritten(string edited, bool isJson, string scalar)
        {
            string failure = "The edited kubelet config file did not read back 'authentication.anonymous.enabled: " + scalar + "'; it is left unchanged.";
            SourceNode node;
            try
            {
                node = SelectKubeletDocument(Parse(edited, isJson, "edited kubelet config file"));
            }
            catch (EditRefusedException exception)
            {
                throw new EditRefusedException(ErrorIds.EditNotVerified, failure, exception);
            }

            foreach (string key in PathToEnabled)
            {
                var pair = node.Kind == SourceNodeKind.Mapping ? node.LastPair(key) : null;
                if (pair == null)
                {
                    throw new EditRefusedException(ErrorIds.EditNotVerified, failure);
                }

                node = pair.Value;
            }

            if (node.Kind != SourceNodeKind.Scalar || node.Style != ScalarStyle.Plain || node.Value != scalar)
            {
                throw new EditRefusedException(ErrorIds.EditNotVerified, failure);
            }
        }

        private static int LineOf(string body, int index) => body.Take(index).Count(c => c == '\n') + 1;
    }
}

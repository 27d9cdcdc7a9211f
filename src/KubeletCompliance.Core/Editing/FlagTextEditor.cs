using System;
using System.Text.RegularExpressions;

namespace KubeletCompliance.Core.Editing
{
    /// <summary>
    /// Rewrites the <c>--anonymous-auth</c> flag inside text that holds kubelet command-line words: systemd
    /// units and drop-ins, EnvironmentFiles, MicroK8s args files.
    /// </summary>
    public static class FlagTextEditor
    {
        internal const string CanonicalFlag = "--anonymous-auth";

        // pflag normalises '_' to '-'. The space form ("--anonymous-auth false") is two words to pflag: the
        // bare flag (true) and a positional argument the kubelet refuses, so both words are replaced.
        // Word boundaries: whitespace, quotes, '=' (VAR=--flag), a backslash line continuation, a BOM.
        private static readonly Regex AnonymousAuthWord = new Regex(
            @"(?<=^|[\s""'=\uFEFF])--anonymous[-_]auth(?:=(?<value>[^\s""'\\]*)|[ \t]+(?<spaced>1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)(?=$|[\s""'\\]))?(?=$|[\s""'\\])",
            RegexOptions.Multiline | RegexOptions.CultureInvariant);

        /// <summary>Writes every occurrence, outside comment lines, as <c>--anonymous-auth=false</c> (or <c>=true</c>).</summary>
        /// <returns>The edited content, or <paramref name="content"/> itself when every occurrence is already written so.</returns>
        public static string ReplaceAnonymousAuth(string content, bool enabled) => Replace(content, enabled, out _);

        internal static string Replace(string content, bool enabled, out int occurrences)
        {
            if (content == null)
            {
                throw new ArgumentNullException(nameof(content));
            }

            string wanted = CanonicalFlag + "=" + (enabled ? "true" : "false");
            int found = 0;
            string edited = AnonymousAuthWord.Replace(content, match =>
            {
                if (IsOnCommentLine(content, match.Index))
                {
                    return match.Value;
                }

                found++;
                return wanted;
            });
            occurrences = found;
            return edited == content ? content : edited;
        }

        /// <summary>systemd units and EnvironmentFiles treat lines starting with '#' or ';' as comments.</summary>
        private static bool IsOnCommentLine(string content, int index)
        {
            for (int i = TextShape.LineStart(content, index); i < index; i++)
            {
                char c = content[i];
                if (c == '#' || c == ';')
                {
                    return true;
                }

                if (!char.IsWhiteSpace(c) && c != '\uFEFF')
                {
                    return false;
                }
            }

            return false;
        }
    }
}

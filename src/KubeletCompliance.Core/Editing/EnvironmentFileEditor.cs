using System;
using System.Linq;
using System.Text.RegularExpressions;
using KubeletCompliance.Core.Errors;

namespace KubeletCompliance.Core.Editing
{
    /// <summary>Adds a flag to a variable of a systemd EnvironmentFile such as <c>/etc/default/kubelet</c>.</summary>
    public static class EnvironmentFileEditor
    {
        private static readonly Regex VariableName = new Regex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);
        private static readonly Regex DoubleQuotedValue = new Regex(@"^""(?<inner>(?:[^""\\]|\\.)*)""$", RegexOptions.CultureInvariant);
        private static readonly Regex SingleQuotedValue = new Regex("^'(?<inner>[^']*)'$", RegexOptions.CultureInvariant);

        /// <summary>
        /// Appends <paramref name="flag"/> to the value of the last definition of <paramref name="variable"/>
        /// (the one systemd keeps), inside its quotes; defines the variable on a new last line when the file
        /// has none.
        /// </summary>
        /// <returns>The edited content, or <paramref name="content"/> itself when the value already holds the flag.</returns>
        public static string AddFlag(string content, string variable, string flag)
        {
            if (content == null)
            {
                throw new ArgumentNullException(nameof(content));
            }

            if (variable == null || !VariableName.IsMatch(variable))
            {
                throw new ArgumentException("Not an environment variable name: '" + variable + "'.", nameof(variable));
            }

            if (string.IsNullOrWhiteSpace(flag) || flag.IndexOfAny(new[] { '"', '\'', '\\', '\r', '\n' }) >= 0)
            {
                throw new ArgumentException("The flag must be non-empty and hold no quotes, backslashes or line breaks: '" + flag + "'.", nameof(flag));
            }

            var shape = TextShape.Of(content);
            var definitions = new Regex(@"^[ \t]*" + variable + @"[ \t]*=[ \t]*(?<value>.*?)[ \t]*\r?$", RegexOptions.Multiline | RegexOptions.CultureInvariant)
                .Matches(shape.Body);
            if (definitions.Count == 0)
            {
                string value = flag.IndexOf(' ') >= 0 ? "\"" + flag + "\"" : flag;
                return shape.Bom + TextShape.AppendLine(shape.Body, variable + "=" + value, shape.Newline);
            }

            var valueGroup = definitions[definitions.Count - 1].Groups["value"];
            string edited = AppendToValue(valueGroup.Value, variable, flag);
            if (edited == valueGroup.Value)
            {
                return content;
            }

            return shape.Bom + TextShape.Splice(shape.Body, valueGroup.Index, valueGroup.Index + valueGroup.Length, edited);
        }

        private static string AppendToValue(string value, string variable, string flag)
        {
            if (value.EndsWith("\\", StringComparison.Ordinal))
            {
                throw new EditRefusedException(ErrorIds.UnsupportedQuoting, "The value of " + variable + " is continued over several lines; it is left unchanged.");
            }

            var quoted = DoubleQuotedValue.Match(value);
            if (!quoted.Success)
            {
                quoted = SingleQuotedValue.Match(value);
            }

            if (quoted.Success)
            {
                string inner = quoted.Groups["inner"].Value;
                if (HoldsWord(inner, flag))
                {
                    return value;
                }

                string separator = inner.Length == 0 || char.IsWhiteSpace(inner[inner.Length - 1]) ? string.Empty : " ";
                return value.Substring(0, value.Length - 1) + separator + flag + value.Substring(value.Length - 1);
            }

            if (value.IndexOfAny(new[] { '"', '\'', '\\' }) >= 0)
            {
                throw new EditRefusedException(ErrorIds.UnsupportedQuoting, "The value of " + variable + " mixes quoted and unquoted text; it is left unchanged rather than risk changing its meaning.");
            }

            if (HoldsWord(value, flag))
            {
                return value;
            }

            if (value.Length == 0)
            {
                return flag.IndexOf(' ') >= 0 ? "\"" + flag + "\"" : flag;
            }

            return "\"" + value + " " + flag + "\"";
        }

        private static bool HoldsWord(string words, string flag)
            => words.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries).Contains(flag, StringComparer.Ordinal);
    }
}

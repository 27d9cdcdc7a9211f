namespace KubeletCompliance.Core.Editing
{
    /// <summary>Sets <c>--anonymous-auth</c> in a MicroK8s args file, which holds one kubelet flag per line.</summary>
    public static class ArgsFileEditor
    {
        /// <returns>The edited content, or <paramref name="content"/> itself when the flag is already written as wanted.</returns>
        public static string SetFlag(string content, bool enabled)
        {
            string replaced = FlagTextEditor.Replace(content, enabled, out int occurrences);
            if (occurrences > 0)
            {
                return replaced;
            }

            var shape = TextShape.Of(content);
            return shape.Bom + TextShape.AppendLine(shape.Body, FlagTextEditor.CanonicalFlag + "=" + (enabled ? "true" : "false"), shape.Newline);
        }
    }
}

using System.IO;
using System.Management.Automation;

namespace KubeletCompliance.Commands
{
    /// <summary>
    /// Keeps an empty Root (an SSH or cluster row's, an empty CSV cell) and a DirectoryInfo's own Root property from binding
    /// -Root by property name, so that such a row binds -ComputerName instead and a piped folder binds -InputObject.
    /// </summary>
    /// <remarks>
    /// PowerShell binds pipeline input first without type conversion, and the default parameter set first: a value that is
    /// not a string fails that pass quietly, where a validation error would stop the row. When the value is converted
    /// later (on the command line, or when nothing else bound), <see cref="NoRoot"/> becomes the empty string, which
    /// means this node as it always has.
    /// </remarks>
    internal sealed class EmptyRootDoesNotBindAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            return value == null || (value is string text && text.Length == 0) || value is FileSystemInfo ? new NoRoot() : inputData;
        }

        private sealed class NoRoot
        {
            public override string ToString() => string.Empty;
        }
    }
}

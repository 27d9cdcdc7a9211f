using System;
using System.Management.Automation;

namespace KubeletCompliance.Auditing
{
    /// <summary>Error ids and categories of the remote transports' failures; none yet for the file system.</summary>
    internal static class TransportErrors
    {
        public static string IdOf(Exception error) => null;

        public static ErrorCategory? CategoryOf(Exception error) => null;
    }
}

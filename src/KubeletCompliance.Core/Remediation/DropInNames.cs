using System;
using System.Collections.Generic;
using System.Linq;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Systemd;

namespace KubeletCompliance.Core.Remediation
{
    /// <summary>
    /// Names a new drop-in so it is applied last: systemd merges a unit's drop-ins by file name across every unit
    /// folder, and the kubelet walks --config-dir in lexical order of its entries (folders included), so a name that
    /// sorts after every existing one wins over all of them.
    /// </summary>
    public static class DropInNames
    {
        public const string Preferred = "99-kubelet-compliance.conf";

        public static string SortingLast(INodeReader node, FixTarget target)
        {
            IEnumerable<string> folders = new[] { target.Folder };
            if (target.Action == FixAction.OverrideUnit)
            {
                string dropInFolder = NodePath.FileName(target.Folder);
                folders = ServiceDefinition.SearchPath.Select(folder => folder + "/" + dropInFolder);
            }

            // Only what is applied counts: .conf files and (for --config-dir) folders; backups and other names are inert.
            return SortingLast(folders.SelectMany(folder => node.ListDirectory(folder).Entries)
                .Where(entry => entry.IsDirectory || entry.Name.EndsWith(".conf", StringComparison.Ordinal))
                .Select(entry => entry.Name));
        }

        /// <summary>
        /// <see cref="Preferred"/>, unless a name sorts after it (byte order); then that last name with
        /// "-kubelet-compliance.conf" appended, which sorts after it because it starts with it.
        /// </summary>
        public static string SortingLast(IEnumerable<string> existing)
        {
            string last = existing.OrderBy(name => name, StringComparer.Ordinal).LastOrDefault();
            if (last == null || string.CompareOrdinal(last, Preferred) < 0 || last == Preferred)
            {
                return Preferred;
            }

            return last + "-kubelet-compliance.conf";
        }
    }
}

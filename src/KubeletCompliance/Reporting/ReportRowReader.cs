using System.Management.Automation;
using KubeletCompliance.Core.Reporting;

namespace KubeletCompliance.Reporting
{
    /// <summary>
    /// Reads a pipeline object as a report row by property name, so a CisControlResult and its Import-Csv copy
    /// (every property a string) read the same.
    /// </summary>
    internal static class ReportRowReader
    {
        public static ReportRow Read(PSObject row) => ReportRow.FromProperties(name => Text(row, name));

        private static string Text(PSObject row, string name)
        {
            object value = row.Properties[name]?.Value;
            return value is PSObject wrapped ? wrapped.BaseObject?.ToString() : value?.ToString();
        }
    }
}

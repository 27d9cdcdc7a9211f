namespace System.Runtime.CompilerServices
{
    /// <summary>
    /// Lets netstandard2.0 code declare init-only properties and records: domain records are built once and never
    /// patched, and a changed copy is a new record (a with expression).
    /// </summary>
    internal static class IsExternalInit
    {
    }
}

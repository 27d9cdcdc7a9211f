using System.Management.Automation;

namespace KubeletCompliance.Errors
{
    /// <summary>
    /// A refusal raised while PowerShell binds parameters (from GetDynamicParameters), carrying the module's own
    /// ErrorRecord.
    /// </summary>
    /// <remarks>
    /// The binder wraps any other exception from GetDynamicParameters into its generic GetDynamicParametersException;
    /// a ProviderInvocationException is the one kind it lets through with its ErrorRecord, and so with our stable id.
    /// </remarks>
    internal sealed class ParameterRefusal : ProviderInvocationException
    {
        private readonly ErrorRecord record;

        public ParameterRefusal(ErrorRecord record)
            : base(record.ErrorDetails?.Message ?? record.Exception.Message, record.Exception)
        {
            this.record = record;
        }

        public override ErrorRecord ErrorRecord => record;
    }
}

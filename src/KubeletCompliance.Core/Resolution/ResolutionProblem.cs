namespace KubeletCompliance.Core.Resolution
{
    /// <summary>Why a node's setting could not be resolved: a stable id, one actionable sentence, and the node path at fault.</summary>
    public sealed class ResolutionProblem
    {
        public ResolutionProblem(string errorId, string message, string path)
        {
            ErrorId = errorId;
            Message = message;
            Path = path;
        }

        public string ErrorId { get; }
        public string Message { get; }
        public string Path { get; }
    }

    /// <summary>The stable error ids users can match on (they become the FullyQualifiedErrorId prefix).</summary>
    public static class ErrorIds
    {
        public const string ConfigFileMissing = "ConfigFileMissing";
        public const string ConfigFileUnreadable = "ConfigFileUnreadable";
        public const string ConfigEmpty = "ConfigEmpty";
        public const string ConfigSyntaxError = "ConfigSyntaxError";
        public const string ConfigNotKubeletConfiguration = "ConfigNotKubeletConfiguration";
        public const string ConfigWrongType = "ConfigWrongType";
        public const string DropInEmpty = "DropInEmpty";
        public const string DropInUnreadable = "DropInUnreadable";
        public const string ConfigDirUnreadable = "ConfigDirUnreadable";
        public const string ConfigDirMissing = "ConfigDirMissing";
        public const string InvalidCommandLine = "InvalidCommandLine";
        public const string ServiceUnitInvalid = "ServiceUnitInvalid";
        public const string MultipleKubelets = "MultipleKubelets";
        public const string ProcessUnreadable = "ProcessUnreadable";
        public const string DistributionConfigInvalid = "DistributionConfigInvalid";
    }
}

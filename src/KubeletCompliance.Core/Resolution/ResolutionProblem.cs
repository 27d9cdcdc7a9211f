namespace KubeletCompliance.Core.Resolution
{
    /// <summary>Why a node's setting could not be resolved: a stable id (one of <see cref="Errors.ErrorIds"/>), one actionable sentence, and the node path at fault.</summary>
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
}

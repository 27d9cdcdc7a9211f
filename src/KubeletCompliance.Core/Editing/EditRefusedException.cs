using System;

namespace KubeletCompliance.Core.Editing
{
    /// <summary>
    /// An editor could not understand its input well enough to change it safely. No output is produced:
    /// a half-edited file is worse than an untouched one.
    /// </summary>
    public sealed class EditRefusedException : Exception
    {
        public EditRefusedException(string errorId, string message)
            : base(message)
        {
            ErrorId = errorId;
        }

        public EditRefusedException(string errorId, string message, Exception innerException)
            : base(message, innerException)
        {
            ErrorId = errorId;
        }

        /// <summary>One of <see cref="Errors.ErrorIds"/>; stable, so callers and reports can key on it.</summary>
        public string ErrorId { get; }
    }
}

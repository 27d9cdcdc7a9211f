using System.Collections.Generic;

namespace KubeletCompliance.Transports.Ssh.Config
{
    /// <summary>The only I/O the ssh_config evaluator does, so that it can be tested without files.</summary>
    public interface ISshConfigSource
    {
        /// <summary>The file's text, or null when it does not exist.</summary>
        string ReadText(string path);

        /// <summary>glob(3) for an absolute pattern: the matching paths in byte order; none when nothing matches.</summary>
        IReadOnlyList<string> Glob(string pattern);
    }
}

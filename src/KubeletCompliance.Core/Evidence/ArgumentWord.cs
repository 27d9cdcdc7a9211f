namespace KubeletCompliance.Core.Evidence
{
    /// <summary>Where a word of the kubelet's command line was written down.</summary>
    public enum WordOriginKind
    {
        /// <summary>Read from a running process; no file carries it that we know of.</summary>
        ProcessCmdline,
        /// <summary>Literally in an ExecStart= line of a unit or unit drop-in.</summary>
        UnitExecStart,
        /// <summary>From a variable set by Environment= in a unit or unit drop-in.</summary>
        UnitEnvironment,
        /// <summary>From a variable set in an EnvironmentFile=.</summary>
        EnvironmentFile,
        /// <summary>A line of an args file (MicroK8s).</summary>
        ArgsFile,
        /// <summary>A kubelet-arg entry of a k3s/RKE2 config.yaml (or config.yaml.d file).</summary>
        DistributionConfig,
        /// <summary>Added by the distribution's own program (k3s/RKE2 defaults); no file carries it.</summary>
        DistributionDefault,
    }

    /// <summary>The file (node path) and, where relevant, the variable that carries a command-line word.</summary>
    public sealed class WordOrigin
    {
        public WordOrigin(WordOriginKind kind, string path, string variable = null)
        {
            Kind = kind;
            Path = path;
            Variable = variable;
        }

        public WordOriginKind Kind { get; }
        public string Path { get; }
        public string Variable { get; }

        public override string ToString() => Variable == null ? Kind + ":" + Path : Kind + ":" + Path + "$" + Variable;
    }

    /// <summary>One word of a command line together with where it came from.</summary>
    public sealed class ArgumentWord
    {
        public ArgumentWord(string text, WordOrigin origin)
        {
            Text = text;
            Origin = origin;
        }

        public string Text { get; }
        public WordOrigin Origin { get; }

        public override string ToString() => Text;
    }
}

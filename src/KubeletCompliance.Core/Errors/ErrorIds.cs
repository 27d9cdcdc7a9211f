namespace KubeletCompliance.Core.Errors
{
    /// <summary>
    /// Every error id the module can emit, as constants so code can switch on them. Each has an entry in
    /// <see cref="ErrorCatalog"/> (category, meaning, action); a test fails when one is missing there or in the help.
    /// </summary>
    public static class ErrorIds
    {
        // Reaching the node (any cmdlet).
        public const string NodeRootNotFound = "NodeRootNotFound";
        public const string NodeAccessDenied = "NodeAccessDenied";
        public const string NodeUnreadable = "NodeUnreadable";
        public const string ComputerNameEmpty = "ComputerNameEmpty";
        public const string ComputerNameUserNameEmpty = "ComputerNameUserNameEmpty";
        public const string ComputerNameBracketInvalid = "ComputerNameBracketInvalid";
        public const string ComputerNameHostNameInvalid = "ComputerNameHostNameInvalid";
        public const string ComputerNamePortInvalid = "ComputerNamePortInvalid";
        public const string ComputerNameNotText = "ComputerNameNotText";
        public const string KeyFileNotFound = "KeyFileNotFound";
        public const string KeyFileUnreadable = "KeyFileUnreadable";
        public const string HostKeyOptionsConflict = "HostKeyOptionsConflict";
        public const string TargetParametersConflict = "TargetParametersConflict";
        public const string ProbeParameterWithoutProbe = "ProbeParameterWithoutProbe";
        public const string HostUnreachable = "HostUnreachable";
        public const string ConnectionRefused = "ConnectionRefused";
        public const string NotSshServer = "NotSshServer";
        public const string ConnectTimeout = "ConnectTimeout";
        public const string AuthenticationFailed = "AuthenticationFailed";
        public const string HostKeyUnknown = "HostKeyUnknown";
        public const string HostKeyChanged = "HostKeyChanged";
        public const string HostKeyRevoked = "HostKeyRevoked";
        public const string SudoRefused = "SudoRefused";
        public const string SudoPasswordWrong = "SudoPasswordWrong";
        public const string OperationTimeout = "OperationTimeout";
        public const string RemoteCommandFailed = "RemoteCommandFailed";
        public const string OutputTooLarge = "OutputTooLarge";
        public const string AgentUnavailable = "AgentUnavailable";
        public const string AgentRefused = "AgentRefused";
        public const string SshConfigInvalid = "SshConfigInvalid";

        // Reaching the node through a pod on it (the API server).
        public const string PodSecurityRefused = "PodSecurityRefused";
        public const string PodForbidden = "PodForbidden";
        public const string ExecForbidden = "ExecForbidden";
        public const string ImagePullFailed = "ImagePullFailed";
        public const string NodeNotReady = "NodeNotReady";
        public const string NodeGone = "NodeGone";
        public const string PodNotStarted = "PodNotStarted";
        public const string ExecCutOff = "ExecCutOff";
        public const string NamespaceNotFound = "NamespaceNotFound";
        public const string ApiServerUnavailable = "ApiServerUnavailable";

        // Resolving the setting from the node's evidence (what the kubelet itself would refuse).
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

        // Cluster mode.
        public const string ClusterModeNotSupported = "ClusterModeNotSupported";
        public const string KubeconfigInvalid = "KubeconfigInvalid";
        public const string ApiServerUnreachable = "ApiServerUnreachable";
        public const string ApiServerUnauthorized = "ApiServerUnauthorized";
        public const string NodeListForbidden = "NodeListForbidden";
        public const string ConfigzForbidden = "ConfigzForbidden";
        public const string ConfigzUnavailable = "ConfigzUnavailable";
        public const string ConfigzMalformed = "ConfigzMalformed";
        public const string ConfigzTooLarge = "ConfigzTooLarge";
        /// <summary>Node pods: the running kubelet's /configz and the value its files resolve to disagree (a Fail row's id).</summary>
        public const string ConfigzDisagrees = "ConfigzDisagrees";

        // Planning a fix: refusals.
        public const string KubeletNotFound = "KubeletNotFound";
        public const string ManagedByCluster = "ManagedByCluster";
        public const string FlagNotInAFile = "FlagNotInAFile";
        public const string NoPlaceForSetting = "NoPlaceForSetting";
        public const string TargetFileMissing = "TargetFileMissing";
        public const string TargetFileUnreadable = "TargetFileUnreadable";
        public const string PlanNotVerified = "PlanNotVerified";
        public const string RestartNeedsLiveNode = "RestartNeedsLiveNode";

        // Planning a fix: the editors.
        public const string MalformedYaml = "MalformedYaml";
        public const string MalformedJson = "MalformedJson";
        public const string EmptyDocument = "EmptyDocument";
        public const string NoKubeletConfigurationDocument = "NoKubeletConfigurationDocument";
        public const string UnexpectedNodeType = "UnexpectedNodeType";
        public const string UnsupportedLayout = "UnsupportedLayout";
        public const string UnsupportedQuoting = "UnsupportedQuoting";
        public const string EditNotVerified = "EditNotVerified";

        // Writing files.
        public const string BackupFailed = "BackupFailed";
        public const string WriteFailed = "WriteFailed";
        public const string RestoreFailed = "RestoreFailed";
        public const string FileChangedSincePlanned = "FileChangedSincePlanned";
        public const string CommandFailed = "CommandFailed";
        public const string UntrustedPath = "UntrustedPath";
        public const string RestoreNodeUnresolved = "RestoreNodeUnresolved";
        public const string RestoreFileChanged = "RestoreFileChanged";

        // Restarting the kubelet.
        public const string RestartFailed = "RestartFailed";
        public const string KubeletUnhealthy = "KubeletUnhealthy";
        public const string RestartNotVerified = "RestartNotVerified";
        public const string RollbackIncomplete = "RollbackIncomplete";
        public const string NoServiceToRestart = "NoServiceToRestart";

        // Writing reports.
        public const string ReportFormatUnknown = "ReportFormatUnknown";
        public const string ReportFolderNotFound = "ReportFolderNotFound";
        public const string ReportWriteFailed = "ReportWriteFailed";
        public const string ReportFileExists = "ReportFileExists";
        public const string ReportFileReadOnly = "ReportFileReadOnly";
        public const string ReportPathAmbiguous = "ReportPathAmbiguous";
        public const string ReportPathNotFileSystem = "ReportPathNotFileSystem";
        public const string ReportPathIsFolder = "ReportPathIsFolder";
        public const string ReportRowMissingProperty = "ReportRowMissingProperty";
        public const string ReportRowUnknownStatus = "ReportRowUnknownStatus";
        public const string ReportRowUnknownControl = "ReportRowUnknownControl";
    }
}

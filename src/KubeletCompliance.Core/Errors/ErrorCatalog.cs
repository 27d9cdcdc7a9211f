using System;
using System.Collections.Generic;
using System.Linq;

namespace KubeletCompliance.Core.Errors
{
    /// <summary>The broad kind of an error. The names are PowerShell's ErrorCategory names, without Core depending on PowerShell.</summary>
    public enum ErrorKind
    {
        ObjectNotFound,
        ReadError,
        PermissionDenied,
        ParserError,
        InvalidData,
        InvalidResult,
        InvalidArgument,
        InvalidOperation,
        ConnectionError,
        AuthenticationError,
        SecurityError,
        OperationTimeout,
        WriteError,
        NotImplemented,
        LimitsExceeded,
        ResourceUnavailable,
        ResourceExists,
    }

    /// <summary>Which cmdlets can report an error: audits (as an ErrorRecord or in the ErrorId column), changes, undos, reports.</summary>
    [Flags]
    public enum ErrorScope
    {
        Audit = 1,
        Set = 2,
        Restore = 4,
        Report = 8,
        /// <summary>Remove-KubeletCompliancePod.</summary>
        Cleanup = 16,
        Change = Set | Restore,
        Any = Audit | Set | Restore,
    }

    /// <summary>One error id: its category, what it means in one line, and what to do about it.</summary>
    public sealed class ErrorDefinition
    {
        public ErrorDefinition(string id, ErrorKind kind, ErrorScope scope, string meaning, string action)
        {
            Id = id;
            Kind = kind;
            Scope = scope;
            Meaning = meaning;
            Action = action;
        }

        public string Id { get; }
        public ErrorKind Kind { get; }
        public ErrorScope Scope { get; }
        public string Meaning { get; }
        public string Action { get; }
    }

    /// <summary>
    /// Every error id the module can emit, in one place: ErrorRecords take their category from here and the help's
    /// lists of error ids are generated from it at build time, so neither can drift from the code.
    /// </summary>
    public static class ErrorCatalog
    {
        private const ErrorScope Audit = ErrorScope.Audit;
        private const ErrorScope Set = ErrorScope.Set;
        private const ErrorScope Change = ErrorScope.Change;
        private const ErrorScope Any = ErrorScope.Any;
        private const ErrorScope Report = ErrorScope.Report;
        private const ErrorScope AuditSet = ErrorScope.Audit | ErrorScope.Set;
        /// <summary>Node-pod and API server errors Remove-KubeletCompliancePod shares with the node cmdlets.</summary>
        private const ErrorScope Pods = Any | ErrorScope.Cleanup;
        private const ErrorScope ClusterAccess = Audit | ErrorScope.Cleanup;

        public static IReadOnlyList<ErrorDefinition> All { get; } = new[]
        {
            E(ErrorIds.NodeRootNotFound, ErrorKind.ObjectNotFound, Any, "The folder given as the node's root does not exist or is not a directory.", "Name the folder that holds the node's file system."),
            E(ErrorIds.NodeAccessDenied, ErrorKind.PermissionDenied, Any, "The node's files could not be read with this account's rights.", "Run as root, or as a user allowed to read the kubelet's files."),
            E(ErrorIds.NodeUnreadable, ErrorKind.ReadError, Any, "Reading the node failed in a way no transport foresaw.", "Read the message; check the node and audit again."),
            E(ErrorIds.ComputerNameEmpty, ErrorKind.InvalidArgument, Any, "A node name is empty.", "Name the node as host, host:port, user@host or [IPv6]:port."),
            E(ErrorIds.ComputerNameUserNameEmpty, ErrorKind.InvalidArgument, Any, "A node name has an '@' with no user name before it.", "Write user@host, or leave out the '@' and give -UserName."),
            E(ErrorIds.ComputerNameBracketInvalid, ErrorKind.InvalidArgument, Any, "A node name opens '[' without closing it, or has something other than ':port' after ']'.", "Write an IPv6 address with a port as [address]:port."),
            E(ErrorIds.ComputerNameHostNameInvalid, ErrorKind.InvalidArgument, Any, "A node's host name is empty or holds a character no host name has (space, '/', '@', '{', ';', ...).", "Correct the host name; one node per entry."),
            E(ErrorIds.ComputerNamePortInvalid, ErrorKind.InvalidArgument, Any, "The port in a node name is not a number from 1 to 65535.", "Correct the port after ':'."),
            E(ErrorIds.ComputerNameNotText, ErrorKind.InvalidArgument, Any, "An object without a ComputerName or Root property was piped in and reached -ComputerName as its text (@{...}).", "Pipe strings, or objects with a ComputerName or Root property (Select-Object ComputerName)."),
            E(ErrorIds.KeyFileNotFound, ErrorKind.ObjectNotFound, Any, "The -KeyFilePath file does not exist (the path is resolved like any PowerShell path).", "Give the path of the private key file; nothing was connected."),
            E(ErrorIds.KeyFileUnreadable, ErrorKind.PermissionDenied, Any, "The -KeyFilePath file exists but this account cannot read it as a file: permission denied, or it is a folder, FIFO, socket or device.", "Run as a user who can read the key, or fix its permissions; nothing was connected."),
            E(ErrorIds.TargetParametersConflict, ErrorKind.InvalidArgument, Any, "Parameters of different kinds of target were given together (-Root with -Kubeconfig, -Root with -ComputerName or an SSH parameter), or SSH parameters without any -ComputerName.", "Give the parameters of one kind of target: this node or node images (-Root), SSH nodes (-ComputerName and the SSH parameters), or a cluster (-Cluster, -Kubeconfig, ...)."),
            E(ErrorIds.HostKeyOptionsConflict, ErrorKind.InvalidArgument, Any, "-SkipHostKeyCheck and -AcceptNewHostKey were given together; they contradict each other.", "Give -AcceptNewHostKey (check known keys, record new ones) or -SkipHostKeyCheck (check nothing), not both."),
            E(ErrorIds.ProbeParameterWithoutProbe, ErrorKind.InvalidArgument, Audit, "-ProbeAddress or -KubeletPort was given without -Probe, so it would be ignored.", "Add -Probe, or leave the probe parameter out."),
            E(ErrorIds.HostUnreachable, ErrorKind.ConnectionError, Any, "The node's host name did not resolve or its network could not be reached.", "Check the name, DNS and routing to the node."),
            E(ErrorIds.ConnectionRefused, ErrorKind.ConnectionError, Any, "Nothing accepted the SSH connection on the node's port.", "Check that sshd runs on the node and the port is right."),
            E(ErrorIds.NotSshServer, ErrorKind.ConnectionError, Any, "Something accepted the connection on the node's port but is not an SSH server: it closed or sent no SSH identification (a web server, another service).", "Check the port (-Port, host:port, ssh_config Port) and that sshd listens there."),
            E(ErrorIds.ConnectTimeout, ErrorKind.OperationTimeout, Any, "The node did not accept the connection and authenticate in time.", "Check the network path, or allow a longer connect timeout."),
            E(ErrorIds.AuthenticationFailed, ErrorKind.AuthenticationError, Any, "The node refused the SSH user's password or key.", "Check the user name, key file, passphrase or password."),
            E(ErrorIds.HostKeyUnknown, ErrorKind.SecurityError, Any, "The node's host key is not in the known_hosts file (its SHA256 fingerprint is in the message).", "Verify the fingerprint on the node, then record the key (accept it once)."),
            E(ErrorIds.HostKeyChanged, ErrorKind.SecurityError, Any, "The node's host key differs from the one recorded for it: possibly another machine.", "Find out why the key changed before trusting the node; then replace the recorded key."),
            E(ErrorIds.HostKeyRevoked, ErrorKind.SecurityError, Any, "The node's host key is marked @revoked in known_hosts.", "Do not connect; replace the node's host key."),
            E(ErrorIds.SudoRefused, ErrorKind.PermissionDenied, Any, "sudo on the node refused to run without a password, or the user may not use it.", "Give the sudo password, or allow the user passwordless sudo for the commands needed."),
            E(ErrorIds.SudoPasswordWrong, ErrorKind.PermissionDenied, Any, "sudo on the node rejected the password given.", "Give the right sudo password."),
            E(ErrorIds.OperationTimeout, ErrorKind.OperationTimeout, Any, "A command on the node did not finish in time.", "Check the node's load, or allow a longer operation timeout."),
            E(ErrorIds.RemoteCommandFailed, ErrorKind.ReadError, Any, "A command on the node failed or answered something unexpected (the node needs a POSIX shell and coreutils).", "Read the message; check the node's shell and tools."),
            E(ErrorIds.OutputTooLarge, ErrorKind.LimitsExceeded, Any, "The node sent more than one round of evidence may carry; it is failed, not buffered.", "Check what on the node makes its files or process list so large."),
            E(ErrorIds.AgentUnavailable, ErrorKind.AuthenticationError, Any, "The SSH agent cannot be reached or does not speak the agent protocol.", "Start the agent, or point SSH_AUTH_SOCK or IdentityAgent at it."),
            E(ErrorIds.AgentRefused, ErrorKind.AuthenticationError, Any, "The SSH agent refused to sign: locked, a confirmation declined, or the key gone.", "Unlock the agent or add the key again."),
            E(ErrorIds.SshConfigInvalid, ErrorKind.InvalidArgument, Any, "ssh_config cannot be used for this node: a bad line, an unsupported Match or ProxyCommand.", "Correct the ssh_config line named."),
            E(ErrorIds.PodSecurityRefused, ErrorKind.SecurityError, Any, "Pod Security Admission refused the node pod in its namespace.", "Run node pods in a namespace that allows privileged pods."),
            E(ErrorIds.PodForbidden, ErrorKind.PermissionDenied, Pods, "The identity may not create, list or delete pods in the namespace.", "Grant create, list and delete on pods in that namespace (deploy/node-pods.yaml)."),
            E(ErrorIds.ExecForbidden, ErrorKind.PermissionDenied, Any, "The identity may not exec into pods.", "Grant create on pods/exec in that namespace."),
            E(ErrorIds.ImagePullFailed, ErrorKind.ResourceUnavailable, Any, "The node's kubelet could not pull the node pod's image.", "Make the image reachable from the node, or name a mirror."),
            E(ErrorIds.NodeNotReady, ErrorKind.ResourceUnavailable, Any, "The node is not Ready, so no pod can start there.", "Audit the node's files over SSH instead."),
            E(ErrorIds.NodeGone, ErrorKind.ResourceUnavailable, Any, "The node, or the pod on it, disappeared during the run.", "Audit the node again once it is back."),
            E(ErrorIds.PodNotStarted, ErrorKind.OperationTimeout, Any, "The node pod did not reach Running in time.", "Look at the pod's events (sandbox, volume, scheduling)."),
            E(ErrorIds.ExecCutOff, ErrorKind.ConnectionError, Any, "The exec stream ended before the command's exit status arrived.", "Audit the node again; check the API server's and kubelet's connection."),
            E(ErrorIds.NamespaceNotFound, ErrorKind.ResourceUnavailable, Pods, "The namespace for node pods does not exist (the module creates none).", "Create the namespace or name an existing one."),
            E(ErrorIds.ApiServerUnavailable, ErrorKind.ResourceUnavailable, Pods, "The API server kept answering 429 or stayed unreachable past the retries.", "Try again later, or with a lower throttle limit."),

            E(ErrorIds.ConfigFileMissing, ErrorKind.ObjectNotFound, Audit, "The kubelet's --config file does not exist; the kubelet refuses to start.", "Create the file or correct the --config path, then audit again."),
            E(ErrorIds.ConfigFileUnreadable, ErrorKind.ReadError, Audit, "The kubelet's --config file could not be read.", "Read it with rights that allow it (root, sudo), then audit again."),
            E(ErrorIds.ConfigEmpty, ErrorKind.InvalidData, Audit, "The kubelet's config file is empty; the kubelet refuses to start.", "Write a KubeletConfiguration into the file."),
            E(ErrorIds.ConfigSyntaxError, ErrorKind.ParserError, Audit, "A kubelet config file or drop-in is not valid YAML or JSON.", "Correct the syntax at the line named."),
            E(ErrorIds.ConfigNotKubeletConfiguration, ErrorKind.InvalidData, Audit, "A kubelet config file or drop-in lacks apiVersion kubelet.config.k8s.io/v1beta1 and kind KubeletConfiguration.", "Add the apiVersion and kind the kubelet requires."),
            E(ErrorIds.ConfigWrongType, ErrorKind.InvalidData, Audit, "A kubelet config value has the wrong type (e.g. a quoted \"false\"); the kubelet refuses it.", "Write the value with the type the kubelet expects (an unquoted boolean)."),
            E(ErrorIds.DropInEmpty, ErrorKind.InvalidData, Audit, "A --config-dir drop-in is empty; the kubelet refuses to start.", "Remove the empty drop-in or give it content."),
            E(ErrorIds.DropInUnreadable, ErrorKind.ReadError, Audit, "A --config-dir drop-in could not be read.", "Read it with rights that allow it, then audit again."),
            E(ErrorIds.ConfigDirUnreadable, ErrorKind.ReadError, Audit, "The kubelet's --config-dir could not be listed.", "List it with rights that allow it, then audit again."),
            E(ErrorIds.ConfigDirMissing, ErrorKind.InvalidData, Audit, "The kubelet's --config-dir does not exist; the kubelet refuses to start.", "Create the folder or correct the --config-dir path."),
            E(ErrorIds.InvalidCommandLine, ErrorKind.InvalidData, Audit, "The kubelet's command line has a flag the kubelet would refuse or that is ambiguous.", "Correct the flag named, in the file named."),
            E(ErrorIds.ServiceUnitInvalid, ErrorKind.InvalidData, Audit, "The kubelet's service unit cannot start it (no ExecStart=, an unset variable, a bad drop-in).", "Correct the unit file named."),
            E(ErrorIds.MultipleKubelets, ErrorKind.InvalidResult, AuditSet, "More than one kubelet process runs on the node, so no single answer exists.", "Stop the stray kubelet so that one remains (the one its service unit starts), then audit again."),
            E(ErrorIds.ProcessUnreadable, ErrorKind.PermissionDenied, AuditSet, "The running kubelet's command line could not be read.", "Audit with the privilege to read /proc of the kubelet: as root on the node, or over SSH with a login that may use sudo (-SudoCredential when sudo asks for a password)."),
            E(ErrorIds.DistributionConfigInvalid, ErrorKind.InvalidData, Audit, "The distribution's own config file (k3s/RKE2 config.yaml) is unreadable or malformed; its service refuses to start.", "Correct the config file named."),

            E(ErrorIds.ClusterModeNotSupported, ErrorKind.NotImplemented, ClusterAccess, "Cluster mode needs PowerShell 7.4 or later.", "Run under PowerShell 7.4+, or audit the nodes' files over SSH."),
            E(ErrorIds.KubeconfigInvalid, ErrorKind.InvalidArgument, ClusterAccess, "The kubeconfig could not be read, has no such context, or its credential plugin failed.", "Check the kubeconfig file, context and plugin."),
            E(ErrorIds.ApiServerUnreachable, ErrorKind.ConnectionError, ClusterAccess, "No HTTP answer from the API server (DNS, connection, TLS or time-out).", "Check the server address, network and certificate authority."),
            E(ErrorIds.ApiServerUnauthorized, ErrorKind.AuthenticationError, ClusterAccess, "The API server did not accept the credentials (401).", "Renew the token or certificate in the kubeconfig."),
            E(ErrorIds.NodeListForbidden, ErrorKind.PermissionDenied, Audit, "The identity may not list nodes (403).", "Grant list on nodes (deploy/rbac.yaml)."),
            E(ErrorIds.ConfigzForbidden, ErrorKind.PermissionDenied, Audit, "The identity may not get nodes/proxy for this node (403).", "Grant get on nodes/proxy (deploy/rbac.yaml)."),
            E(ErrorIds.ConfigzUnavailable, ErrorKind.ConnectionError, Audit, "The API server could not fetch the node's /configz: the kubelet is down, unreachable or slow.", "Check the node's kubelet, or audit its files over SSH."),
            E(ErrorIds.ConfigzTooLarge, ErrorKind.LimitsExceeded, Audit, "/configz answered with more than a kubelet configuration can be (1 MiB); the node is failed, not buffered.", "Check what serves the node's kubelet port."),
            E(ErrorIds.ConfigzMalformed, ErrorKind.InvalidData, Audit, "/configz answered, but not with a kubelet configuration naming authentication.anonymous.enabled.", "Check what serves the node's kubelet port."),
            E(ErrorIds.ConfigzDisagrees, ErrorKind.InvalidResult, Audit, "The running kubelet's /configz reports another authentication.anonymous.enabled than its files give (a Fail row, never a Pass): it was not restarted since a file changed, or runs with other settings than the files read.", "Find out why (PendingRestart, DriftEvidence, a second kubelet), fix the files if they are wrong, then restart the kubelet and audit again."),

            E(ErrorIds.KubeletNotFound, ErrorKind.InvalidOperation, Set, "No kubelet runs on the node and no kubelet service is installed: there is nothing to change.", "Check that this is a Kubernetes node."),
            E(ErrorIds.ManagedByCluster, ErrorKind.InvalidOperation, Set, "The kubelet's configuration is managed by the cluster (OpenShift's Machine Config Operator) and would be rewritten.", "Change a KubeletConfig object instead of the node's files."),
            E(ErrorIds.FlagNotInAFile, ErrorKind.InvalidOperation, Set, "The --anonymous-auth flag is added by the distribution's program, not by a file that can be edited.", "Change the setting where the distribution documents it."),
            E(ErrorIds.NoPlaceForSetting, ErrorKind.InvalidOperation, Set, "The kubelet has no config file, no file for extra flags and no service file with its command line.", "Add --anonymous-auth=false where the kubelet's command line is written."),
            E(ErrorIds.TargetFileMissing, ErrorKind.InvalidOperation, Set, "The file that holds the setting does not exist.", "Check the node's files, then try again."),
            E(ErrorIds.TargetFileUnreadable, ErrorKind.InvalidOperation, Set, "The file that holds the setting could not be read.", "Run with rights that can read it (root, sudo)."),
            E(ErrorIds.PlanNotVerified, ErrorKind.InvalidOperation, Set, "The planned edits, resolved again as the kubelet would read them, would not give the value asked for; nothing is written.", "Read the message for what would win instead, and change that file by hand."),
            E(ErrorIds.RestartNeedsLiveNode, ErrorKind.InvalidOperation, Set, "A restart was asked for a file tree (a node image), which has no service to restart; nothing is changed.", "Change the image without a restart."),
            E(ErrorIds.MalformedYaml, ErrorKind.InvalidOperation, Set, "The file to change is not valid YAML; it is refused, never rewritten.", "Correct the file's syntax, then try again."),
            E(ErrorIds.MalformedJson, ErrorKind.InvalidOperation, Set, "The file to change is not valid JSON; it is refused, never rewritten.", "Correct the file's syntax, then try again."),
            E(ErrorIds.EmptyDocument, ErrorKind.InvalidOperation, Set, "The config file to change is empty.", "Write a KubeletConfiguration into it."),
            E(ErrorIds.NoKubeletConfigurationDocument, ErrorKind.InvalidOperation, Set, "The file holds several YAML documents and none is a KubeletConfiguration.", "Check which file the kubelet reads."),
            E(ErrorIds.UnexpectedNodeType, ErrorKind.InvalidOperation, Set, "A key on the path to the setting is not a mapping (or list) where one is needed.", "Correct the file's structure by hand."),
            E(ErrorIds.UnsupportedLayout, ErrorKind.InvalidOperation, Set, "The file is written in a form the editor does not change safely (flow mapping, no ExecStart=, several documents).", "Make the change by hand."),
            E(ErrorIds.UnsupportedQuoting, ErrorKind.InvalidOperation, Set, "An environment variable's value or an ExecStart= command is quoted or continued in a way the editor does not change safely.", "Make the change by hand."),
            E(ErrorIds.EditNotVerified, ErrorKind.InvalidOperation, Set, "The edited text did not read back as the value asked for; nothing is written.", "Make the change by hand and report the file."),

            E(ErrorIds.BackupFailed, ErrorKind.WriteError, Change, "A backup could not be made beside the file (read-only, full disk, permissions); nothing was changed.", "Free space or fix permissions, then try again."),
            E(ErrorIds.WriteFailed, ErrorKind.WriteError, Change, "Writing a file failed; every file already changed was restored from its backup.", "Fix the cause in the message (space, permissions, immutable file), then try again."),
            E(ErrorIds.RestoreFailed, ErrorKind.WriteError, Change, "Putting a backup back failed.", "Copy the backup named back by hand."),
            E(ErrorIds.FileChangedSincePlanned, ErrorKind.WriteError, Change, "The file changed after it was read; it is left as it is.", "Run the change again against the file as it is now."),
            E(ErrorIds.UntrustedPath, ErrorKind.SecurityError, Change, "A file to change or a backup to put back is not a regular file of root's, or is reached through a symlink another user owns; it may have been planted, so it is left alone.", "Check who made the file or link named, remove it if it is not yours, then try again."),
            E(ErrorIds.RestoreNodeUnresolved, ErrorKind.InvalidOperation, ErrorScope.Restore, "The node's kubelet files could not be resolved (several kubelets, an unreadable process, a broken file), so no backup is trusted to be the kubelet's.", "Fix the problem named in the message, audit again, then restore."),
            E(ErrorIds.RestoreFileChanged, ErrorKind.InvalidOperation, ErrorScope.Restore, "A file changed after its backup was made (edited by hand), so restoring would lose that edit; nothing was restored.", "Check the edit; give -Force to restore anyway (the current content is kept as .kcbak-<stamp>.replaced)."),
            E(ErrorIds.CommandFailed, ErrorKind.WriteError, Set, "A program (systemctl) could not run on the node, which is a file tree, not a running machine.", "Restart the kubelet where the node runs."),
            E(ErrorIds.RestartFailed, ErrorKind.InvalidResult, Set, "Reloading units or restarting the kubelet's service failed; the files were restored.", "Read the service's log on the node."),
            E(ErrorIds.KubeletUnhealthy, ErrorKind.InvalidResult, Set, "The kubelet did not report healthy in time after the restart; the files were restored.", "Read the kubelet's log on the node, or allow a longer restart timeout."),
            E(ErrorIds.RestartNotVerified, ErrorKind.InvalidResult, Set, "After the restart the kubelet did not report the value asked for; the files were restored.", "Audit the node to see what decides the value now."),
            E(ErrorIds.RollbackIncomplete, ErrorKind.WriteError, Set, "After a failure, not every file could be put back from its backup.", "Copy the backups named back by hand and check the node."),
            E(ErrorIds.NoServiceToRestart, ErrorKind.WriteError, Set, "The files were changed but the kubelet's service is not known, so it was not restarted.", "Restart the kubelet by hand."),

            E(ErrorIds.ReportFormatUnknown, ErrorKind.InvalidArgument, Report, "The report format cannot be told from the file name.", "Name the format, or use a name ending in .xml, .sarif or .html."),
            E(ErrorIds.ReportFolderNotFound, ErrorKind.ObjectNotFound, Report, "The folder for the report does not exist.", "Create the folder or name another."),
            E(ErrorIds.ReportWriteFailed, ErrorKind.WriteError, Report, "Writing the report failed; no partial file is left.", "Fix the cause in the message (space, permissions), then write again."),
            E(ErrorIds.ReportFileExists, ErrorKind.ResourceExists, Report, "The report file exists and was not to be replaced.", "Name another file, or allow replacing it."),
            E(ErrorIds.ReportFileReadOnly, ErrorKind.PermissionDenied, Report, "The report file is read-only.", "Force the replacement, or name another file."),
            E(ErrorIds.ReportPathAmbiguous, ErrorKind.InvalidArgument, Report, "The report path matches several items; a report needs one file.", "Name one file; use a literal path for names with wildcard characters."),
            E(ErrorIds.ReportPathNotFileSystem, ErrorKind.InvalidArgument, Report, "The report path is not on the file system.", "Name a file-system path."),
            E(ErrorIds.ReportPathIsFolder, ErrorKind.InvalidArgument, Report, "The report path names a folder.", "Name the report file."),
            E(ErrorIds.ReportRowMissingProperty, ErrorKind.InvalidData, Report, "An input row lacks a property a report needs (ComputerName, Status).", "Pipe CIS result rows, or their CSV copy."),
            E(ErrorIds.ReportRowUnknownStatus, ErrorKind.InvalidData, Report, "An input row's Status is not Pass, Fail, NotApplicable or Error.", "Pipe CIS result rows, or their CSV copy."),
            E(ErrorIds.ReportRowUnknownControl, ErrorKind.InvalidData, Report, "An input row is for another control than CIS 4.2.1.", "Pipe only CIS 4.2.1 rows."),
        };

        private static readonly Dictionary<string, ErrorDefinition> ById = All.ToDictionary(e => e.Id, StringComparer.Ordinal);

        /// <summary>The definition of <paramref name="id"/>, or null when the catalog has none.</summary>
        public static ErrorDefinition Find(string id) => id != null && ById.TryGetValue(id, out var definition) ? definition : null;

        private static ErrorDefinition E(string id, ErrorKind kind, ErrorScope scope, string meaning, string action) =>
            new ErrorDefinition(id, kind, scope, meaning, action);
    }
}

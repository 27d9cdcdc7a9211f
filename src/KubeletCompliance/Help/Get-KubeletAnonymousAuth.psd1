@{
    Synopsis     = 'Gets the kubelet''s effective anonymous-auth setting on a node, and where it comes from.'
    Description  = @'
Get-KubeletAnonymousAuth resolves whether a node's kubelet accepts anonymous requests the way the kubelet itself decides it: the last --anonymous-auth on its command line, over the last --config-dir drop-in that sets authentication.anonymous.enabled, over the --config file, over the default (false when a --config file is given, the legacy true when it is not).

The command line comes from the running kubelet (/proc/<pid>/cmdline, including hyperkube and OpenShift's kubenswrapper) or, when no kubelet runs, from the kubelet.service unit with its drop-ins, Environment= and EnvironmentFile= variables, exactly as systemd would start it.

With no target it audits the local node. With -Root it audits a node file system mounted or unpacked elsewhere (a golden image, a disk snapshot): every node path is read below that folder, absolute symlinks resolve inside it, and every path reported is the node's own path.

It writes one KubeletCompliance.AnonymousAuthSetting per node. A node whose evidence cannot be read or makes no sense to the kubelet (a missing --config file, malformed YAML, an invalid flag value) gets a non-terminating error with a stable error id instead, and the next node is audited.
'@
    Parameters   = @{
        ComputerName     = 'Nodes to audit over SSH, as host, host:port, user@host or [IPv6]:port. Accepts pipeline input by value and by property name (aliases HostName, Name, Node, IPAddress). The same evidence as a local audit is read with SSH.NET in a few round trips per node and resolved by the same rules, so a remote node gives exactly the local answer.'
        Credential       = 'The SSH login: its password for password authentication, or, with -KeyFilePath, the passphrase of the key. Its user name is the login unless -UserName gives one; like every parameter it wins over user@host and ssh_config. Never prompted for: runbooks have no console.'
        UserName         = 'The SSH user for every node: wins over user@ in the target name and over ssh_config''s User (as ssh -l does).'
        KeyFilePath      = 'A private key file (OpenSSH or PEM format; ed25519, ECDSA or RSA). Its passphrase, if any, is the -Credential password.'
        Port             = 'The SSH port for nodes named without :port (default 22).'
        KnownHostsPath   = 'The OpenSSH known_hosts file that host keys are checked against (default ~/.ssh/known_hosts). Hashed entries and [host]:port entries are understood.'
        AcceptNewHostKey = 'Trust a node''s host key on first use and record it in the known_hosts file. A changed key still fails the node.'
        SkipHostKeyCheck = 'Do not verify host keys at all. Only for throwaway test machines: any machine answering in a node''s place is trusted, passwords (-Credential, -SudoCredential) are sent to it and Set-/Restore- write files to it; a warning says so.'
        SshConfigPath    = 'An ssh_config file read instead of ~/.ssh/config and /etc/ssh/ssh_config (like ssh -F). Host blocks, Match host/originalhost, Include, HostName, User, Port, IdentityFile, IdentitiesOnly, IdentityAgent, ProxyJump, UserKnownHostsFile, GlobalKnownHostsFile, StrictHostKeyChecking, ConnectTimeout and HostKeyAlias are applied as OpenSSH applies them; parameters win over the target name (user@host:port), which wins over ssh_config.'
        NoSshConfig      = 'Read no ssh_config: only the parameters, the target name and OpenSSH''s defaults count.'
        JumpHost         = 'Reach every node through these jump hosts, as ssh -J: [user@]host[:port], comma-separated (first hop first), or none. Each hop''s host key is checked; all nodes behind a bastion share one connection to it.'
        SudoCredential   = 'The password sudo asks for on the nodes, fed to sudo -S on standard input (never on a command line, never in verbose output). Without it, sudo -n is tried, then the login password.'
        ConnectTimeout   = 'Seconds for the whole connection attempt to a node: TCP connect, SSH banner, key exchange and authentication together (default 15). A node that answers slowly byte by byte is cut off at this deadline.'
        OperationTimeout = 'Seconds for each remote command from start to exit, however slowly the node answers (default 60). A node that sends more than 16 MiB in one command fails with OutputTooLarge.'
        ThrottleLimit = 'How many nodes are audited at once (default 32). Results are written as each node finishes.'
        Probe         = 'Also send one unauthenticated HTTPS request to the kubelet''s port (TLS verification off for this request only) and record ProbeStatus and ProbeVerdict: Rejected (401), AnonymousForbidden (403: anonymous is on, authorization stopped it), AnonymousAllowed (200) or Unreachable. The local node is probed at 127.0.0.1; a -Root image only with -ProbeAddress.'
        KubeletPort   = 'The kubelet port to probe with -Probe (default 10250).'
        ProbeAddress  = 'The address to probe with -Probe, instead of the node''s own (127.0.0.1 for the local node, the InternalIP in cluster mode). This is how a -Root audit of a mounted disk gets a probe of the live node.'
        Cluster       = 'Cluster mode with the default kubeconfig ($env:KUBECONFIG, else ~/.kube/config): list the nodes through the API server and read each running kubelet''s effective configuration from /api/v1/nodes/<node>/proxy/configz. Needs PowerShell 7.4+ and get on nodes/proxy plus list on nodes (deploy/rbac.yaml).'
        Kubeconfig    = 'Cluster mode with this kubeconfig file. Bearer tokens, client certificates (inline -data and file forms), certificate-authority(-data), insecure-skip-tls-verify and exec credential plugins (aws eks get-token, gke-gcloud-auth-plugin, kubelogin) are supported.'
        Context       = 'The kubeconfig context to use in cluster mode (default: its current-context).'
        NodeName      = 'In cluster mode, only nodes whose name matches one of these wildcard patterns (as -like).'
        LabelSelector = 'In cluster mode, only nodes matching this Kubernetes label selector (e.g. node-role.kubernetes.io/worker).'
        ReadNodeFiles = 'In cluster mode, read each node''s files instead of its /configz: a short-lived pod is created on every selected node (nodeName set, every taint tolerated, hostPID, the host''s root mounted read-only at /host, capabilities SYS_PTRACE and DAC_READ_SEARCH only, no service account token, activeDeadlineSeconds), the same shell scripts as over SSH run in it through pods/exec, and it is deleted afterwards. The row equals a local audit of that node, with Transport NodePod. Windows nodes are NotApplicable without a pod. Needs create/delete on pods and create on pods/exec in -Namespace, which must enforce the privileged Pod Security level (deploy/node-pods.yaml).'
        Image         = 'With -ReadNodeFiles, the image of the node pods (default: busybox 1.36.1 by digest, a POSIX sh and the tools the scripts use). Point it at a mirror when nodes cannot pull from Docker Hub.'
        Namespace     = 'With -ReadNodeFiles, the namespace the node pods are created in (default kubelet-compliance, created by deploy/node-pods.yaml; the module creates no namespace).'
        PodStartTimeout = 'With -ReadNodeFiles, seconds a node pod may take from creation to running, image pull included (default 120); a slower node fails with PodNotStarted, quoting the pod''s warning events.'
        Root = 'With -ComputerName, a folder on each remote node that holds a node image. Otherwise: the folder that is the root (/) of a node''s file system: a mounted disk, an unpacked image, a test fixture. Accepts several, and pipeline input by property name (FullName), so Get-ChildItem -Directory output binds to it.'
    }
    Inputs       = @(
        @{ Type = 'System.IO.DirectoryInfo'; Description = 'A folder holding a node''s root file system, bound to -Root through its FullName property.' }
    )
    ErrorScope   = 'Audit'
    Outputs      = @{
        AnonymousAuthSetting = 'One row per node that resolved. Source is CommandLine, ConfigDropIn, ConfigFile, Default or NotFound (Configz in cluster mode); Basis is Process or ServiceUnit (Live in cluster mode); Transport is Local, Root, SSH or Cluster; ProbeStatus and ProbeVerdict are set with -Probe; IgnoredProcesses names processes that look like a kubelet but that the node does not vouch for (ignored). Every property is a scalar, so Export-Csv is lossless.'
    }
    Notes        = @'
Reading another user's /proc/<pid>/cmdline and root-only files such as /var/lib/kubelet/config.yaml needs root; run pwsh with sudo on the node.
'@
    Examples     = @(
        @{
            Title   = 'Audit the local node'
            Code    = 'Get-KubeletAnonymousAuth'
            Remarks = 'Shows the effective value on this node and the file that decided it. On a kubeadm node this is typically Enabled False, Source ConfigFile, SourcePath /var/lib/kubelet/config.yaml.'
        }
        @{
            Title   = 'Audit unpacked node images and keep the evidence'
            Code    = 'Get-ChildItem /mnt/images -Directory | Get-KubeletAnonymousAuth | Select-Object ComputerName, Enabled, Source, SourcePath, CommandLine | Export-Csv anonymous-auth.csv'
            Remarks = 'Each folder under /mnt/images is the root of one node image; paths in the CSV are the nodes'' own paths.'
        }
        @{
            Title   = 'Audit a fleet over SSH'
            Code    = '$nodes = Get-Content nodes.txt; Get-KubeletAnonymousAuth -ComputerName $nodes -UserName ops -KeyFilePath ~/.ssh/id_ed25519 -ThrottleLimit 64 | Export-Csv fleet.csv'
            Remarks = 'One SSH connection per node, 64 at a time, results written as each node finishes. Host keys are checked against ~/.ssh/known_hosts; root-only files are read through sudo -n.'
        }
        @{
            Title   = 'Find kubelets that a restart would change'
            Code    = 'Get-KubeletAnonymousAuth | Where-Object PendingRestart | Format-List ComputerName, Enabled, ConfiguredEnabled, DriftEvidence'
            Remarks = 'A running kubelet whose files were edited after it started, or whose unit now gives another command line, is reported with PendingRestart and the value the next start would give.'
        }
    )
    RelatedLinks = @('Test-CisKubelet421')
}

@{
    Synopsis     = 'Tests a node against CIS Kubernetes Benchmark control 4.2.1: the kubelet must reject anonymous requests.'
    Description  = @'
Test-CisKubelet421 resolves the kubelet's anonymous-auth setting exactly as Get-KubeletAnonymousAuth does and judges it against CIS Kubernetes Benchmark 4.2.1 ("Ensure that the --anonymous-auth argument is set to false").

Status is Pass when the effective value is false and set explicitly (flag, drop-in or config file); Fail when the kubelet accepts anonymous requests, or rejects them only by default, because the control asks for an explicit setting; NotApplicable when the node has no kubelet; Error when the evidence cannot be read or the kubelet would refuse it (a missing --config file, malformed YAML, an empty drop-in, an invalid flag value). Reason says why in one sentence and Remediation names the file to change on that node.

It always writes one row per node, errors included, so a report is complete. With -Quiet it writes $true (Pass) or $false per node instead.
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
        Root  = 'With -ComputerName, a folder on each remote node that holds a node image. Otherwise: the folder that is the root (/) of a node''s file system: a mounted disk, an unpacked image, a test fixture. Accepts several, and pipeline input by property name (FullName), so Get-ChildItem -Directory output binds to it.'
        Quiet = 'Write $true when the node passes and $false otherwise (Fail, NotApplicable or Error), one Boolean per node, instead of a result row.'
    }
    Inputs       = @(
        @{ Type = 'System.IO.DirectoryInfo'; Description = 'A folder holding a node''s root file system, bound to -Root through its FullName property.' }
    )
    ErrorScope   = 'Audit'
    Outputs      = @{
        CisControlResult = 'One row per node, errors included: Status is Pass, Fail, NotApplicable or Error, Expected is false, ErrorId is set on an Error row (one of the ids below), Transport is Local, Root, SSH or Cluster, ProbeStatus and ProbeVerdict are set with -Probe, IgnoredProcesses names processes that look like a kubelet but that the node does not vouch for (ignored). Every property is a scalar, so Export-Csv is lossless.'
        Boolean          = 'With -Quiet: $true when the node passes, $false otherwise.'
    }
    Notes        = 'An effective false that comes only from the kubelet''s default fails: CIS 4.2.1 audits an explicit setting, and a later change of defaults or of the --config flag would silently turn anonymous access on.'
    Examples     = @(
        @{
            Title   = 'Check the local node'
            Code    = 'Test-CisKubelet421'
            Remarks = 'Prints one row with Status, the effective value and the file that decides it. Format-List * shows Reason and Remediation.'
        }
        @{
            Title   = 'Report on a folder of node images as CSV'
            Code    = 'Get-ChildItem ./images -Directory | Test-CisKubelet421 | Export-Csv cis-4.2.1.csv -NoTypeInformation'
            Remarks = 'One row per image, errors included; Import-Csv reads every property back unchanged.'
        }
        @{
            Title   = 'Prove the answer against the running kubelet'
            Code    = 'Test-CisKubelet421 -Probe | Format-List Status, Actual, ProbeStatus, ProbeVerdict, Reason'
            Remarks = 'Audits the files and also asks the kubelet on 127.0.0.1:10250 without credentials. A kubelet that answers 200 or 403 accepts anonymous requests and fails, whatever its files say; Reason then names both.'
        }
        @{
            Title   = 'Audit a whole cluster through the API server'
            Code    = 'Test-CisKubelet421 -Kubeconfig ~/.kube/prod -NodeName ''worker-*'' | Where-Object Status -ne Pass'
            Remarks = 'Reads every matching node''s effective kubelet configuration from /configz (Source Configz, Basis Live), 32 nodes at a time.'
        }
        @{
            Title   = 'Gate a pipeline on the result'
            Code    = 'if (-not (Test-CisKubelet421 -Root /mnt/golden -Quiet)) { throw ''Golden image fails CIS 4.2.1'' }'
            Remarks = 'With -Quiet the cmdlet writes a Boolean per node, convenient in if statements and Pester assertions.'
        }
    )
    RelatedLinks = @('Get-KubeletAnonymousAuth')
}

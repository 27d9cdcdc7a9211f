@{
    Synopsis     = 'Undoes the newest Set-KubeletAnonymousAuth run on a node by putting its backups back.'
    Description  = @'
Restore-KubeletAnonymousAuth looks beside every file the node's service files make the kubelet read (units, drop-ins, environment and args files, the --config file and its --config-dir drop-ins, the file for extra flags) for backups of those files named <name>.kcbak-<yyyyMMddTHHmmssfffZ>, takes the newest timestamp (one per Set-KubeletAnonymousAuth run), and puts each of those files back atomically with its owner, mode and SELinux label. A file the run created (marker <name>.kcbak-<stamp>.absent) is removed. The backups stay, so a second run restores the same content again.

It writes as root from files found on the node, so it trusts only what root could have put there: it asks for confirmation (ConfirmImpact High; -Confirm:$false in scripts), never looks in folders that only a running process's command line names (any user can start a process that looks like a kubelet), refuses a node whose kubelet cannot be resolved (RestoreNodeUnresolved), and refuses a backup or target that is not a regular file owned by root or that is reached through a symlink another user owns (UntrustedPath).

It loses nothing: a file edited by hand since Set-KubeletAnonymousAuth changed it (its SHA-256 no longer matches the <name>.kcbak-<stamp>.sha256 record Set- left) is refused with RestoreFileChanged unless -Force is given; what a restore replaces is kept as <name>.kcbak-<stamp>.replaced; a file that already holds the backed-up content is not touched, and the row says NoChange.

-WhatIf prints the diff from each file as it is now to its backup, with secret values masked. The kubelet is not restarted: Reason says the restart is pending.
'@
    Parameters   = @{
        Force            = 'Restores a file even when it changed after its backup was made (RestoreFileChanged otherwise); its current content is kept beside it as <name>.kcbak-<stamp>.replaced.'
        Kubeconfig      = 'Change cluster nodes through a short-lived pod on each (the host''s root mounted read-write at /host; capabilities SYS_PTRACE, DAC_READ_SEARCH, DAC_OVERRIDE, CHOWN, FOWNER only), using this kubeconfig. The nodes are named by -ComputerName, or come from piped Test-CisKubelet421 -ReadNodeFiles rows (Transport NodePod), which use the default kubeconfig unless this is given. With -WhatIf the pod mounts the host read-only. -Restart is refused for node pods: restart the kubelet on the node, or change it over SSH.'
        Context         = 'The kubeconfig context for node pods (default: its current-context).'
        Image           = 'The image of the node pods (default: busybox 1.36.1 by digest). Point it at a mirror when nodes cannot pull from Docker Hub.'
        Namespace       = 'The namespace of the node pods (default kubelet-compliance, from deploy/node-pods.yaml; the module creates no namespace).'
        PodStartTimeout = 'Seconds a node pod may take to run, image pull included (default 120).'
        ComputerName     = 'Nodes to change over SSH, as host, host:port, user@host or [IPv6]:port. Accepts pipeline input by value and by property name (aliases HostName, Name, Node, IPAddress). The same evidence as a local audit is read with SSH.NET in a few round trips per node and resolved by the same rules, so a remote node gives exactly the local answer.'
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
        Root = 'The folder that is the root (/) of a node''s file system. Accepts several, and pipeline input by property name (Root of the other cmdlets'' output, FullName of folders). Empty or absent means the local node.'
    }
    Inputs       = @(
        @{ Type = 'KubeletCompliance.RemediationResult'; Description = 'Rows of Set-KubeletAnonymousAuth: their Root property binds to -Root.' }
    )
    ErrorScope   = 'Restore'
    Outputs      = @{
        RemediationResult = 'One row per node: Status Changed when files were restored (FilesChanged lists them), NoChange when no backup was found, WhatIf, Declined or Failed.'
    }
    Examples     = @(
        @{
            Title   = 'Undo the last change to a mounted node'
            Code    = 'Restore-KubeletAnonymousAuth -Root /mnt/node -WhatIf; Restore-KubeletAnonymousAuth -Root /mnt/node -Confirm:$false'
            Remarks = 'The first command shows what would be put back; the second restores it.'
        }
        @{
            Title   = 'Undo on this node, then restart the kubelet'
            Code    = 'Restore-KubeletAnonymousAuth; systemctl daemon-reload; systemctl restart kubelet'
            Remarks = 'Restoring does not restart the kubelet; do it when the restored files should take effect.'
        }
    )
    RelatedLinks = @('Set-KubeletAnonymousAuth')
}

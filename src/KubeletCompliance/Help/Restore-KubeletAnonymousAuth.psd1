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
        Kubeconfig      = 'Change cluster nodes through a short-lived pod on each (the host''s root mounted read-write at /host; capabilities SYS_PTRACE, DAC_READ_SEARCH, DAC_OVERRIDE, CHOWN, FOWNER only), using this kubeconfig. The nodes are named by -ComputerName, or come from piped Test-CisKubelet421 -ReadNodeFiles rows (Transport NodePod), which use the default kubeconfig unless this is given. With -WhatIf the pod mounts the host read-only. Restoring does not restart the kubelet.'
        Context         = 'The kubeconfig context for node pods (default: its current-context).'
        Image           = 'The image of the node pods (default: busybox 1.36.1 by digest). Point it at a mirror when nodes cannot pull from Docker Hub.'
        Namespace       = 'The namespace of the node pods (default kubelet-compliance, from deploy/node-pods.yaml; the module creates no namespace).'
        PodStartTimeout = 'Seconds a node pod may take to run, image pull included (default 120).'
        Transport       = 'How the nodes named by -ComputerName are reached: NodePod (through a short-lived pod, as -Kubeconfig does) or anything else for SSH. Rows piped from Test-CisKubelet421 or Get-KubeletAnonymousAuth set it from their Transport column, so a row reaches its node the way the audit did; there is seldom a reason to type it.'
    }
    Inputs       = @(
        @{ Type = 'System.String'; Description = 'Node names, bound to -ComputerName (Get-Content nodes.txt).' }
        @{ Type = 'System.IO.DirectoryInfo'; Description = 'Folders holding a node''s root file system (Get-ChildItem -Directory), bound to -InputObject and audited by their full name.' }
        @{ Type = 'System.Management.Automation.PSObject'; Description = 'Objects bind by property name: Root (or FullName) to -Root; otherwise ComputerName (HostName, Name, Node, IPAddress) to -ComputerName, with RemoteRoot. Rows this module writes, and Import-Csv rows of them, reach the same node again: a row''s Root is "/" for this node, the folder for an image, and empty for SSH and cluster nodes.' }
    )
    ErrorScope   = 'Restore'
    Outputs      = @{
        RemediationResult = 'One row per node: Status Changed when files were restored (FilesChanged lists them), NoChange when no backup was found or the files already hold it, Refused (a node it cannot resolve, a file edited since the change or not root''s; also an error), WhatIf, Declined or Failed. Transport is Local, Root, SSH or NodePod.'
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

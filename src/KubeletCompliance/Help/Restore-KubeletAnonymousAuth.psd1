@{
    Synopsis     = 'Undoes the newest Set-KubeletAnonymousAuth run on a node by putting its backups back.'
    Description  = @'
Restore-KubeletAnonymousAuth looks beside every file the node's kubelet reads (units, drop-ins, environment and args files, the --config file and its --config-dir drop-ins, the file for extra flags) for backups named <name>.kcbak-<yyyyMMddTHHmmssfffZ>, takes the newest timestamp (one per Set-KubeletAnonymousAuth run), and puts each of those files back atomically with its owner, mode and SELinux label. A file the run created (marker <name>.kcbak-<stamp>.absent) is removed. The backups stay, so a second run restores the same content again.

-WhatIf prints the diff from each file as it is now to its backup. The kubelet is not restarted: Reason says the restart is pending.
'@
    Parameters   = @{
        Root = 'The folder that is the root (/) of a node''s file system. Accepts several, and pipeline input by property name (Root of the other cmdlets'' output, FullName of folders). Empty or absent means the local node.'
    }
    Inputs       = @(
        @{ Type = 'KubeletCompliance.RemediationResult'; Description = 'Rows of Set-KubeletAnonymousAuth: their Root property binds to -Root.' }
    )
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

@{
    Synopsis     = 'Removes node pods that a stopped run left behind (pods with the label app.kubernetes.io/name=kubelet-compliance).'
    Description  = @'
Test-CisKubelet421 -ReadNodeFiles, Get-KubeletAnonymousAuth -ReadNodeFiles and Set-/Restore-KubeletAnonymousAuth -Kubeconfig delete each node pod when they are done with it, on failure and after Ctrl+C too. A run whose process was killed cannot: its pods keep running until their activeDeadlineSeconds ends them. Remove-KubeletCompliancePod lists the pods with the module's label in -Namespace and deletes each (grace period 0: the pod only sleeps), asking ShouldProcess for each, and writes one row per pod it removed.

The label does not tell a left-over pod from one a run in progress is using: give -OlderThan (a run's pods live for seconds to minutes) when another run may be going on, and -NodeName to touch only some nodes. -WhatIf lists what would be removed and removes nothing.

It needs 'list' and 'delete' on pods in the namespace, which deploy/node-pods.yaml grants; a refusal to list stops the command (PodForbidden, NamespaceNotFound), a refusal to delete one pod is a non-terminating error for that pod.
'@
    Parameters   = @{
        Kubeconfig = 'The kubeconfig to reach the API server with (default: $env:KUBECONFIG, else ~/.kube/config, or the in-cluster configuration when run inside a pod).'
        Context    = 'The kubeconfig context (default: its current-context).'
        Namespace  = 'The namespace of the node pods (default kubelet-compliance, from deploy/node-pods.yaml).'
        NodeName   = 'Only pods pinned to these nodes; wildcards are allowed (worker-*).'
        OlderThan  = 'Only pods created at least this long ago (a TimeSpan: (New-TimeSpan -Minutes 30), or ''00:30:00''), so the pods of a run in progress are left alone.'
    }
    Inputs       = @()
    ErrorScope   = 'Cleanup'
    Outputs      = @{
        NodePod = 'One row per pod removed: Name, Namespace, NodeName, Component (node-reader for audits and -WhatIf, node-writer for Set-/Restore-), Phase (as listed; Failed once its deadline passed) and Created (UTC). Nothing for pods left alone (-WhatIf, declined, already gone).'
    }
    Examples     = @(
        @{
            Title   = 'See, then remove, what a killed run left'
            Code    = 'Remove-KubeletCompliancePod -Kubeconfig ~/.kube/prod -WhatIf; Remove-KubeletCompliancePod -Kubeconfig ~/.kube/prod'
            Remarks = 'The first command lists the pods it would remove; the second removes them and writes one row per pod.'
        }
        @{
            Title   = 'Leave the pods of a run in progress alone'
            Code    = 'Remove-KubeletCompliancePod -NodeName ''worker-*'' -OlderThan (New-TimeSpan -Minutes 30) -Confirm:$false | Export-Csv removed-pods.csv'
            Remarks = 'Only pods on worker nodes created more than 30 minutes ago are removed; the rows record which.'
        }
    )
    RelatedLinks = @('Test-CisKubelet421', 'Set-KubeletAnonymousAuth')
}

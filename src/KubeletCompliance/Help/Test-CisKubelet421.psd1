@{
    Synopsis     = 'Tests a node against CIS Kubernetes Benchmark control 4.2.1: the kubelet must reject anonymous requests.'
    Description  = @'
Test-CisKubelet421 resolves the kubelet's anonymous-auth setting exactly as Get-KubeletAnonymousAuth does and judges it against CIS Kubernetes Benchmark 4.2.1 ("Ensure that the --anonymous-auth argument is set to false").

Status is Pass when the effective value is false and set explicitly (flag, drop-in or config file); Fail when the kubelet accepts anonymous requests, or rejects them only by default, because the control asks for an explicit setting; NotApplicable when the node has no kubelet; Error when the evidence cannot be read or the kubelet would refuse it (a missing --config file, malformed YAML, an empty drop-in, an invalid flag value). Reason says why in one sentence and Remediation names the file to change on that node.

It always writes one row per node it was given, errors included, so a report is complete: an unreachable node, a malformed name (ErrorId names the rule it broke) or a missing -Root folder is an Error row (the last two are also ErrorRecords, so -ErrorAction Stop stops on them). A blank entry in -ComputerName is skipped with a warning; a node named twice is audited once. With -Quiet it writes $true (Pass) or $false per node instead.
'@
    Parameters   = @{
        Quiet = 'Write $true when the node passes and $false otherwise (Fail, NotApplicable or Error), one Boolean per node (as Test-Connection -Quiet does), instead of a result row. With several nodes, test for "all pass" with (... -Quiet) -notcontains $false: if (@($true, $false)) is true in PowerShell.'
    }
    Inputs       = @(
        @{ Type = 'System.String'; Description = 'Node names, bound to -ComputerName (Get-Content nodes.txt).' }
        @{ Type = 'System.IO.DirectoryInfo'; Description = 'Folders holding a node''s root file system (Get-ChildItem -Directory), bound to -InputObject and audited by their full name.' }
        @{ Type = 'System.Management.Automation.PSObject'; Description = 'Objects bind by property name: Root (or FullName) to -Root; otherwise ComputerName (HostName, Name, Node, IPAddress) to -ComputerName, with RemoteRoot. Rows this module writes, and Import-Csv rows of them, reach the same node again: a row''s Root is "/" for this node, the folder for an image, and empty for SSH and cluster nodes.' }
    )
    ErrorScope   = 'Audit'
    Outputs      = @{
        CisControlResult = 'One row per node, errors included: Status is Pass, Fail, NotApplicable or Error, Expected is false, ErrorId is set on an Error row (one of the ids below), Transport is Local, Root, SSH, Cluster or NodePod, ProbeStatus and ProbeVerdict are set with -Probe, IgnoredProcesses names processes that look like a kubelet but that the node does not vouch for (ignored); with -ReadNodeFiles, ConfigzEnabled and ConfigzCheck (Agrees, Disagrees, Forbidden, Unavailable, NotCompared) cross-check the files with the running kubelet''s /configz, and a disagreement is a Fail with ErrorId ConfigzDisagrees. Every property is a scalar, so Export-Csv is lossless.'
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
            Code    = 'if ((Get-ChildItem ./images -Directory | Test-CisKubelet421 -Quiet) -notcontains $false) { ''every image passes'' }'
            Remarks = 'With -Quiet the cmdlet writes one Boolean per node. An array of Booleans is true in an if statement as soon as it has any element, so test it with -notcontains $false (every node passes) or -contains $true (some node passes).'
        }
    )
    RelatedLinks = @('Get-KubeletAnonymousAuth')
}

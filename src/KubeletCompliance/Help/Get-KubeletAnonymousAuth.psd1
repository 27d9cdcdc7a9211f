@{
    Synopsis     = 'Gets the kubelet''s effective anonymous-auth setting on a node, and where it comes from.'
    Description  = @'
Get-KubeletAnonymousAuth resolves whether a node's kubelet accepts anonymous requests the way the kubelet itself decides it: the last --anonymous-auth on its command line, over the last --config-dir drop-in that sets authentication.anonymous.enabled, over the --config file, over the default (false when a --config file is given, the legacy true when it is not).

The command line comes from the running kubelet (/proc/<pid>/cmdline, including hyperkube and OpenShift's kubenswrapper) or, when no kubelet runs, from the kubelet.service unit with its drop-ins, Environment= and EnvironmentFile= variables, exactly as systemd would start it.

With no target it audits the local node. With -Root it audits a node file system mounted or unpacked elsewhere (a golden image, a disk snapshot): every node path is read below that folder, absolute symlinks resolve inside it, and every path reported is the node's own path.

It writes one KubeletCompliance.AnonymousAuthSetting per node. A node whose evidence cannot be read or makes no sense to the kubelet (a missing --config file, malformed YAML, an invalid flag value) gets a non-terminating error with a stable error id instead, and the next node is audited.
'@
    Parameters   = @{
    }
    Inputs       = @(
        @{ Type = 'System.String'; Description = 'Node names, bound to -ComputerName (Get-Content nodes.txt).' }
        @{ Type = 'System.IO.DirectoryInfo'; Description = 'Folders holding a node''s root file system (Get-ChildItem -Directory), bound to -InputObject and audited by their full name.' }
        @{ Type = 'System.Management.Automation.PSObject'; Description = 'Objects bind by property name: Root (or FullName) to -Root; otherwise ComputerName (HostName, Name, Node, IPAddress) to -ComputerName, with RemoteRoot. Rows this module writes, and Import-Csv rows of them, reach the same node again: a row''s Root is "/" for this node, the folder for an image, and empty for SSH and cluster nodes.' }
    )
    ErrorScope   = 'Audit'
    Outputs      = @{
        AnonymousAuthSetting = 'One row per node that resolved. Source is CommandLine, ConfigDropIn, ConfigFile, Default or NotFound (Configz in cluster mode); Basis is Process or ServiceUnit (Live in cluster mode); Transport is Local, Root, SSH, Cluster or NodePod; ProbeStatus and ProbeVerdict are set with -Probe; IgnoredProcesses names processes that look like a kubelet but that the node does not vouch for (ignored); with -ReadNodeFiles, ConfigzEnabled and ConfigzCheck (Agrees, Disagrees, Forbidden, Unavailable, NotCompared) cross-check the files with the running kubelet''s /configz. Every property is a scalar, so Export-Csv is lossless.'
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

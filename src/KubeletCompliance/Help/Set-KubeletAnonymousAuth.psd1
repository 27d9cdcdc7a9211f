@{
    Synopsis     = 'Sets the kubelet''s anonymous-auth on a node by changing as little as possible of the files that decide it, with a backup of each.'
    Description  = @'
Set-KubeletAnonymousAuth resolves the node's setting exactly as Get-KubeletAnonymousAuth does and changes the file that decides it: every file that carries --anonymous-auth (unit, drop-in, environment file, MicroK8s args file, k3s/RKE2 config.yaml); else the --config-dir drop-in that wins; else the --config file (authentication.anonymous.enabled); else the distribution's file for extra flags (kubeadm's /etc/default/kubelet, created when missing); else the ExecStart= line of the kubelet's unit (kubeadm before 1.11, flags-only nodes); else a new drop-in in the kubelet's --config-dir (a whole KubeletConfiguration named 99-kubelet-compliance.conf, or another name that sorts after every entry there; when no service file names that folder, Restore-KubeletAnonymousAuth does not undo it: delete the file). A flag that k3s or RKE2 passes with --kubelet-arg on its service's command line is changed in that word, in either spelling install.sh writes ('--kubelet-arg=anonymous-auth=true', or '--kubelet-arg' and 'anonymous-auth=true' on two lines), since the command line beats config.yaml. A unit file that belongs to a package or installer (/usr/lib, /lib, /usr/local/lib or /run/systemd/system) is never edited, as an update would put it back: a drop-in in /etc/systemd/system/<unit>.d that sorts after every other drop-in clears ExecStart= and repeats the command with the flag changed or added. Only the bytes that carry the value change; comments, quoting, line endings and byte order marks stay. The Remediation text of Test-CisKubelet421 names the same files.

Before anything is written, the edited files are resolved again as the kubelet would read them; unless the result is an explicit value equal to -Enabled the node is refused and nothing is written. A malformed file is refused, never rewritten. An OpenShift node is refused (ErrorId ManagedByCluster): change a KubeletConfig object instead. A node that already has the value explicitly is left alone (Status NoChange), so running the command twice is safe.

Each changed file is first copied beside itself as <name>.kcbak-<yyyyMMddTHHmmssfffZ> with the same owner, mode and SELinux label (a file that is created gets an empty <name>.kcbak-<stamp>.absent marker). These names end in none of .conf, .yaml, .yml or .json, so neither systemd, the kubelet's --config-dir nor k3s's config.yaml.d loads them. The new content is written to a temporary file in the same folder, flushed to disk, given the original's owner, mode and label, and renamed over the original, so a crash leaves the old file or the complete new one. When several files change and one fails, the earlier ones are restored from their backups. Restore-KubeletAnonymousAuth undoes the newest run.

Without -Restart the running kubelet keeps its current value until its service restarts; Reason says the restart is pending. With -Restart the command runs systemctl daemon-reload (when a unit or drop-in changed) and systemctl restart for the kubelet's service, waits for the kubelet's healthz to answer ok (where its healthzBindAddress and healthzPort put it; http://127.0.0.1:10248/healthz by default, asked from the node itself over SSH), and audits the node again; if the kubelet does not come back, or reports another value, every file is restored, the service restarted again, and Status is RolledBack. -Restart applies to live nodes (local or -ComputerName); with -Root it is refused (ErrorId RestartNeedsLiveNode). When the files already give the value but the running kubelet still has the old one, -Restart only restarts it.

-WhatIf prints the unified diff of every file that would change and writes nothing; -Verbose prints the diffs as the change is made, and one line per node: how it was reached, the outcome, the files changed and their backups, and the time taken. Changing files is Medium impact. Restarting the kubelet is High impact: because PowerShell decides prompting from the cmdlet's single ConfirmImpact, -Restart asks once more with ShouldContinue unless -Force or -Confirm (either value) is given.
'@
    Parameters   = @{
        Kubeconfig      = 'Change cluster nodes through a short-lived pod on each (the host''s root mounted read-write at /host; capabilities SYS_PTRACE, DAC_READ_SEARCH, DAC_OVERRIDE, CHOWN, FOWNER only), using this kubeconfig. The nodes are named by -ComputerName, or come from piped Test-CisKubelet421 -ReadNodeFiles rows (Transport NodePod), which use the default kubeconfig unless this is given. With -WhatIf the pod mounts the host read-only. With -Restart the pod also gets SYS_ADMIN and SYS_CHROOT, which nsenter into the host''s mount and network namespaces needs, to run the host''s systemctl and reach the kubelet''s healthz (an audit''s pod never gets them).'
        Context         = 'The kubeconfig context for node pods (default: its current-context).'
        Image           = 'The image of the node pods (default: busybox 1.36.1 by digest). Point it at a mirror when nodes cannot pull from Docker Hub.'
        Namespace       = 'The namespace of the node pods (default kubelet-compliance, from deploy/node-pods.yaml; the module creates no namespace).'
        PodStartTimeout = 'Seconds a node pod may take to run, image pull included (default 120).'
        Transport       = 'How the nodes named by -ComputerName are reached: NodePod (through a short-lived pod, as -Kubeconfig does) or anything else for SSH. Rows piped from Test-CisKubelet421 or Get-KubeletAnonymousAuth set it from their Transport column, so a row reaches its node the way the audit did; there is seldom a reason to type it.'
        Enabled        = 'The value to set. $false is what CIS 4.2.1 asks for; $true turns anonymous requests back on.'
        Restart        = 'After changing files, reload systemd units when a unit or drop-in changed, restart the kubelet''s service, wait until it is healthy and audit it again; roll every file back when that fails. Works on this node, on SSH nodes (through sudo there) and on node pods (nsenter -t 1 into the host: systemctl restart --no-block, since the exec stream runs through the kubelet being restarted, then healthz polled through fresh execs with the pod''s wget in the host''s network namespace); refused for a node image (-Root, -RemoteRoot) with ErrorId RestartNeedsLiveNode. Through a node pod, a kubelet that does not come back cannot be rolled back through that pod (exec needs the kubelet): the row is RollbackIncomplete and names the backups.'
        RestartTimeout = 'Seconds to wait for the kubelet''s healthz endpoint to answer ok after a restart (default 120, 1 to 3600).'
        Force          = 'With -Restart, restart without the extra confirmation prompt. Does not skip -Confirm or -WhatIf.'
    }
    Inputs       = @(
        @{ Type = 'System.String'; Description = 'Node names, bound to -ComputerName (Get-Content nodes.txt).' }
        @{ Type = 'System.IO.DirectoryInfo'; Description = 'Folders holding a node''s root file system (Get-ChildItem -Directory), bound to -InputObject and audited by their full name.' }
        @{ Type = 'System.Management.Automation.PSObject'; Description = 'Objects bind by property name: Root (or FullName) to -Root; otherwise ComputerName (HostName, Name, Node, IPAddress) to -ComputerName, with RemoteRoot. Rows this module writes, and Import-Csv rows of them, reach the same node again: a row''s Root is "/" for this node, the folder for an image, and empty for SSH and cluster nodes.' }
    )
    ErrorScope   = 'Set'
    Outputs      = @{
        RemediationResult = 'One row per node, always: FilesChanged and Backups are node paths joined with ";"; Status is Changed, NoChange, Refused, Failed, RolledBack, WhatIf or Declined; Transport is Local, Root, SSH or NodePod. Refused, Failed and RolledBack nodes also write an error with the same ErrorId.'
    }
    Examples     = @(
        @{
            Title   = 'Preview, then fix every failing image in a folder'
            Code    = "Get-ChildItem ./images -Directory | Test-CisKubelet421 | Where-Object Status -eq Fail | Set-KubeletAnonymousAuth -Enabled `$false -WhatIf`nGet-ChildItem ./images -Directory | Test-CisKubelet421 | Where-Object Status -eq Fail | Set-KubeletAnonymousAuth -Enabled `$false -Confirm:`$false"
            Remarks = 'The first command prints the diff of each file that would change; the second changes them, with a backup beside each, and writes one RemediationResult per image.'
        }
        @{
            Title   = 'Fix this node and restart its kubelet, rolling back if it does not come back'
            Code    = 'Set-KubeletAnonymousAuth -Enabled $false -Restart -RestartTimeout 180 -Force | Format-List *'
            Remarks = 'Status is Changed with Restarted true when the kubelet came back healthy with anonymous-auth false; RolledBack when it did not, in which case the files were restored and the kubelet restarted again.'
        }
        @{
            Title   = 'Fix the failing nodes of a fleet over SSH'
            Code    = "Test-CisKubelet421 -ComputerName (Get-Content nodes.txt) -UserName ops -KeyFilePath ~/.ssh/id_ed25519 | Where-Object Status -eq Fail | Set-KubeletAnonymousAuth -Enabled `$false -UserName ops -KeyFilePath ~/.ssh/id_ed25519 -Restart -Force"
            Remarks = 'Each failing row carries its node (ComputerName, Transport SSH) to Set-KubeletAnonymousAuth, which changes the files through sudo on that node, restarts its kubelet and checks its healthz from the node itself.'
        }
        @{
            Title   = 'Preview the fix of a k3s agent installed with --kubelet-arg on its command line'
            Code    = @'
Set-KubeletAnonymousAuth -Root /mnt/k3s-edge-4 -Enabled $false -WhatIf

What if: Set anonymous-auth to $false on k3s-edge-4, changing /etc/systemd/system/k3s-agent.service:
--- /etc/systemd/system/k3s-agent.service
+++ /etc/systemd/system/k3s-agent.service
@@ -28,6 +28,6 @@
 ExecStartPre=-/sbin/modprobe overlay
 ExecStart=/usr/local/bin/k3s \
     agent \
-	'--kubelet-arg=anonymous-auth=true' \
+	'--kubelet-arg=anonymous-auth=false' \
 	'--node-label=pool=edge' \
 
'@
            Remarks = 'The word that decides is in the unit install.sh wrote, one single-quoted argument a line; only that word changes, in its quotes.'
        }
        @{
            Title   = 'Preview the fix of a kubelet started with only --config-dir'
            Code    = @'
Set-KubeletAnonymousAuth -Root /mnt/edge-7 -Enabled $false -WhatIf

What if: Set anonymous-auth to $false on edge-7, changing /etc/kubernetes/kubelet.conf.d/99-kubelet-compliance.conf:
--- /etc/kubernetes/kubelet.conf.d/99-kubelet-compliance.conf
+++ /etc/kubernetes/kubelet.conf.d/99-kubelet-compliance.conf
@@ -0,0 +1,6 @@
+# Written by Set-KubeletAnonymousAuth; named to sort last, so it is applied after every other drop-in.
+apiVersion: kubelet.config.k8s.io/v1beta1
+kind: KubeletConfiguration
+authentication:
+  anonymous:
+    enabled: false
'@
            Remarks = 'No --config file and no unit file to edit (here the kubelet runs from a transient unit): the fix is a new drop-in in its --config-dir, named to sort last.'
        }
        @{
            Title   = 'Preview the fix of a kubelet whose unit comes from a package'
            Code    = @'
Set-KubeletAnonymousAuth -Root /mnt/node-centos-2 -Enabled $false -WhatIf

What if: Set anonymous-auth to $false on node-centos-2, changing /etc/systemd/system/kubelet.service.d/99-kubelet-compliance.conf:
--- /etc/systemd/system/kubelet.service.d/99-kubelet-compliance.conf
+++ /etc/systemd/system/kubelet.service.d/99-kubelet-compliance.conf
@@ -0,0 +1,15 @@
+# Written by Set-KubeletAnonymousAuth: /usr/lib/systemd/system/kubelet.service belongs to a package, which would undo an edit
+# there; this drop-in replaces its command line. The empty ExecStart= clears the packaged one first.
+[Service]
+ExecStart=
+ExecStart=/usr/bin/kubelet \
+	    $KUBE_LOGTOSTDERR \
(...)
+	    $KUBELET_ARGS \
+	    --anonymous-auth=false
'@
            Remarks = '/usr/lib/systemd/system/kubelet.service belongs to the kubernetes-node package, so it is left alone; a drop-in clears ExecStart= and repeats the packaged command with the flag added.'
        }
        @{
            Title   = 'Keep a CSV record of what changed'
            Code    = "Test-CisKubelet421 -Root /mnt/node | Set-KubeletAnonymousAuth -Enabled `$false -Confirm:`$false | Export-Csv changes.csv -NoTypeInformation"
            Remarks = 'FilesChanged and Backups are joined with ";" so each node stays one CSV row.'
        }
    )
    RelatedLinks = @('Restore-KubeletAnonymousAuth', 'Test-CisKubelet421', 'Get-KubeletAnonymousAuth')
}

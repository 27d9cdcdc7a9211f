# Cluster mode with -ReadNodeFiles through the built module against the API server stand-in (tests/StandIns): each
# node's files are read by a pod on it, the module's real scripts run under busybox sh in that pod (exec over
# WebSocket), with the node's fixture tree mounted where the pod mounts the host's root. Needs root (the stand-in
# mounts in a private namespace) and busybox-static.

BeforeDiscovery {
    $script:skip = -not (((id -u) -eq '0' -and (Test-Path /bin/busybox)) -or $env:CI -eq 'true')
}

BeforeAll {
    Import-Module $env:KUBELETCOMPLIANCE_MODULE -Force
    . "$PSScriptRoot/StandIns.ps1"
    $script:work = Join-Path ([IO.Path]::GetTempPath()) ("kc-pester-nodepods-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory $work | Out-Null
    $script:fixtures = (Resolve-Path "$PSScriptRoot/../fixtures/nodes").Path
    # Set-/Restore- change files: they get a copy of their own.
    Copy-Item -Recurse "$fixtures/kubeadm-1.10" "$work/fixable"
    Copy-Item -Recurse "$fixtures/kubeadm-1.10" "$work/restartable"
    # The running kubelet as a node pod reads it: /proc/PID/cgroup of a host process, read from inside the pod's cgroup
    # namespace, climbs to the namespace's root first. Its uid is not 0, so only its control group can vouch for it.
    # Beside it, a look-alike whose argv is a kubelet's, in a login session's control group, seen the same way.
    Copy-Item -Recurse "$fixtures/kubeadm-running" "$work/podns"
    $proc = "$work/podns/proc"
    [IO.File]::WriteAllText("$proc/4242/cgroup", "0::/../../system.slice/kubelet.service`n")
    [IO.File]::WriteAllText("$proc/4242/status", ([IO.File]::ReadAllText("$proc/4242/status") -replace 'Uid:\t0\t0\t0\t0', "Uid:`t1001`t1001`t1001`t1001"))
    Copy-Item -Recurse "$proc/4242" "$proc/5151"
    [IO.File]::WriteAllText("$proc/5151/cgroup", "0::/../../user.slice/user-1001.slice/session-3.scope`n")
    [IO.File]::WriteAllText("$proc/5151/cmdline", "kubelet`0--anonymous-auth=true`0--config=/tmp/mine/kubelet.yaml`0")

    $nodes = @(
        @{ name = 'kubeadm-1'; root = "$fixtures/kubeadm-current" }
        @{ name = 'eks-1'; root = "$fixtures/eks-al2"; labels = @{ pool = 'eks' } }
        @{ name = 'k3s-1'; root = "$fixtures/k3s-server" }
        # Its kubelet runs with what its files give (the legacy default true), as /configz says.
        @{ name = 'fixable-1'; root = "$work/fixable"; labels = @{ pool = 'fix' }; anonymousEnabled = $true }
        # Files that pass, but a kubelet whose /configz says it accepts anonymous requests (not restarted since a fix, say).
        @{ name = 'restart-1'; root = "$work/restartable"; anonymousEnabled = $true }
        @{ name = 'stale-1'; root = "$fixtures/kubeadm-current"; anonymousEnabled = $true }
        @{ name = 'noproxy-1'; root = "$fixtures/kubeadm-current"; behaviour = 'Forbidden' }
        @{ name = 'podns-1'; root = "$work/podns" }
        @{ name = 'win-1'; os = 'windows' }
        @{ name = 'down-1'; ready = $false }
        @{ name = 'pullfail-1'; pods = 'ImagePullFails' }
        @{ name = 'stuck-1'; pods = 'NeverStarts' }
        @{ name = 'cut-1'; root = "$fixtures/kubeadm-current"; pods = 'ExecCut' }
        @{ name = 'gone-1'; root = "$fixtures/kubeadm-current"; pods = 'GoneMidRun' }
    )
    ConvertTo-Json -Depth 5 -InputObject $nodes | Set-Content "$work/nodes.json"
    $script:api = Start-StandIn 'apiserver', '--nodes', "$work/nodes.json", '--ca', "$work/ca.crt", '--pod-start-ms', '100-300',
        '--namespace', 'kubelet-compliance=privileged', '--namespace', 'locked-down=baseline'

    function script:New-Kubeconfig([string] $Token) {
        New-StandInKubeconfig (Join-Path $work "config-$Token") $api.URL "$work/ca.crt" "    token: $Token"
    }

    $script:kubeconfig = New-Kubeconfig 'valid-token'
    $script:noPods = New-Kubeconfig 'no-pods-token'
    $script:noExec = New-Kubeconfig 'no-exec-token'
    $script:noDelete = New-Kubeconfig 'no-delete-token'

    # What is left in the namespace, asked of the stand-in directly.
    function script:Get-NodePod {
        $list = Invoke-RestMethod -Uri "$($api.URL)/api/v1/namespaces/kubelet-compliance/pods" -Headers @{ Authorization = 'Bearer valid-token' } -SkipCertificateCheck
        @($list.items)
    }

    # The files' side of a row: what a local audit of the same tree gives too (only node pods cross-check with /configz).
    function script:Comparable($Row) {
        $Row | Select-Object * -ExcludeProperty ComputerName, Transport, Root, ConfigzEnabled, ConfigzCheck
    }
}

AfterAll {
    Stop-StandIn $api
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}

Describe 'Auditing nodes through node pods (-ReadNodeFiles)' -Skip:$skip {
    It 'gives each node the row a local audit of the same tree gives, with Transport NodePod, and leaves no pod behind' {
        foreach ($pair in @(@('kubeadm-1', 'kubeadm-current'), @('eks-1', 'eks-al2'), @('k3s-1', 'k3s-server'))) {
            $viaPod = Test-CisKubelet421 -Kubeconfig $kubeconfig -ReadNodeFiles -NodeName $pair[0]
            $local = Test-CisKubelet421 -Root "$fixtures/$($pair[1])"
            $viaPod.ComputerName | Should -Be $pair[0]
            $viaPod.Transport | Should -Be 'NodePod'
            (Comparable $viaPod | ConvertTo-Json) | Should -Be (Comparable $local | ConvertTo-Json)

            $setting = Get-KubeletAnonymousAuth -Kubeconfig $kubeconfig -ReadNodeFiles -NodeName $pair[0]
            (Comparable $setting | ConvertTo-Json) | Should -Be (Comparable (Get-KubeletAnonymousAuth -Root "$fixtures/$($pair[1])") | ConvertTo-Json)
        }

        Get-NodePod | Should -BeNullOrEmpty
    }

    It 'trusts a kubelet whose control group reads in the pod''s cgroup namespace form, and not a look-alike seen the same way' {
        $row = Test-CisKubelet421 -Kubeconfig $kubeconfig -ReadNodeFiles -NodeName 'podns-1'
        $row.Status | Should -Be 'Pass'
        $row.IgnoredProcesses | Should -Match 'pid 5151 \(kubelet\) runs as uid 1001, is in control group /user.slice/user-1001.slice/session-3.scope'
        $row.IgnoredProcesses | Should -Not -Match 'pid 4242'
        $setting = Get-KubeletAnonymousAuth -Kubeconfig $kubeconfig -ReadNodeFiles -NodeName 'podns-1'
        $setting.Basis | Should -Be 'Process'
        $setting.CommandLine | Should -Match '--config=/var/lib/kubelet/config.yaml'
        (Comparable $row | ConvertTo-Json) | Should -Be (Comparable (Test-CisKubelet421 -Root "$work/podns") | ConvertTo-Json)
    }

    It 'cross-checks the files with the running kubelet''s /configz: agreement noted, a disagreement fails the row, a refusal is no error' {
        $agrees = Test-CisKubelet421 -Kubeconfig $kubeconfig -ReadNodeFiles -NodeName 'kubeadm-1' -Verbose 4>&1
        $row = $agrees | Where-Object { $_ -is [KubeletCompliance.CisControlResult] }
        $row.Status | Should -Be 'Pass'
        $row.ConfigzEnabled | Should -Be 'false'
        $row.ConfigzCheck | Should -Be 'Agrees'
        $row.ErrorId | Should -BeNullOrEmpty
        ($agrees | Where-Object { $_ -is [Management.Automation.VerboseRecord] }).Message -join "`n" |
            Should -Match "kubeadm-1 over NodePod: .*Cross-checked: the running kubelet's /configz reports authentication.anonymous.enabled: false, as the files give\."

        $stale = Test-CisKubelet421 -Kubeconfig $kubeconfig -ReadNodeFiles -NodeName 'stale-1'
        $stale.Status | Should -Be 'Fail'
        $stale.ErrorId | Should -Be 'ConfigzDisagrees'
        $stale.Actual | Should -Be 'false'
        $stale.Explicit | Should -BeTrue
        $stale.ConfigzEnabled | Should -Be 'true'
        $stale.ConfigzCheck | Should -Be 'Disagrees'
        $stale.Reason | Should -Match "^Anonymous requests are rejected: authentication.anonymous.enabled: false in /var/lib/kubelet/config.yaml\. But the running kubelet's /configz reports authentication.anonymous.enabled: true while the files give false"
        $stale.Remediation | Should -Not -BeNullOrEmpty
        (Get-KubeletAnonymousAuth -Kubeconfig $kubeconfig -ReadNodeFiles -NodeName 'stale-1').ConfigzEnabled | Should -BeTrue

        $refused = Test-CisKubelet421 -Kubeconfig $kubeconfig -ReadNodeFiles -NodeName 'noproxy-1' -Verbose 4>&1
        $row = $refused | Where-Object { $_ -is [KubeletCompliance.CisControlResult] }
        $row.Status | Should -Be 'Pass'
        $row.ErrorId | Should -BeNullOrEmpty
        $row.ConfigzEnabled | Should -BeNullOrEmpty
        $row.ConfigzCheck | Should -Be 'Forbidden'
        ($refused | Where-Object { $_ -is [Management.Automation.VerboseRecord] }).Message -join "`n" |
            Should -Match 'Not cross-checked with /configz \(the identity may not get nodes/proxy\)'
    }

    It 'makes a Windows node NotApplicable without a pod, and a NotReady node NodeNotReady' {
        $rows = Test-CisKubelet421 -Kubeconfig $kubeconfig -ReadNodeFiles -NodeName 'win-1', 'down-1' | Sort-Object ComputerName
        $rows.Status | Should -Be 'Error', 'NotApplicable'
        $rows[0].ErrorId | Should -Be 'NodeNotReady'
        $rows[1].Reason | Should -Match 'windows'
    }

    It 'reports every way a node pod can fail with its own error id, and deletes the pods' {
        $rows = Test-CisKubelet421 -Kubeconfig $kubeconfig -ReadNodeFiles -NodeName 'pullfail-1', 'stuck-1', 'cut-1', 'gone-1' -PodStartTimeout 4 |
            Sort-Object ComputerName
        $rows.ComputerName | Should -Be 'cut-1', 'gone-1', 'pullfail-1', 'stuck-1'
        $rows.Status | Should -Be 'Error', 'Error', 'Error', 'Error'
        $rows.ErrorId | Should -Be 'ExecCutOff', 'NodeGone', 'ImagePullFailed', 'PodNotStarted'
        $rows[2].Reason | Should -Match 'ImagePullBackOff.*not found'
        $rows[3].Reason | Should -Match 'FailedCreatePodSandBox'
        Get-NodePod | Should -BeNullOrEmpty
    }

    It 'names the Pod Security label a namespace needs, and the RBAC a token lacks' {
        $psa = Test-CisKubelet421 -Kubeconfig $kubeconfig -ReadNodeFiles -NodeName 'kubeadm-1' -Namespace 'locked-down'
        $psa.ErrorId | Should -Be 'PodSecurityRefused'
        $psa.Reason | Should -Match 'pod-security.kubernetes.io/enforce=privileged'
        $psa.Reason | Should -Match 'violates PodSecurity "baseline:latest": host namespaces \(hostPID=true\)'

        (Test-CisKubelet421 -Kubeconfig $kubeconfig -ReadNodeFiles -NodeName 'kubeadm-1' -Namespace 'nowhere').ErrorId | Should -Be 'NamespaceNotFound'
        (Test-CisKubelet421 -Kubeconfig $noPods -ReadNodeFiles -NodeName 'kubeadm-1').ErrorId | Should -Be 'PodForbidden'
        $exec = Test-CisKubelet421 -Kubeconfig $noExec -ReadNodeFiles -NodeName 'kubeadm-1'
        $exec.ErrorId | Should -Be 'ExecForbidden'
        $exec.Reason | Should -Match 'pods/exec'
        Get-NodePod | Should -BeNullOrEmpty
    }

    It 'writes an ErrorRecord with the id, a category and the node as target from Get-KubeletAnonymousAuth' {
        Get-KubeletAnonymousAuth -Kubeconfig $noExec -ReadNodeFiles -NodeName 'kubeadm-1' -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ExecForbidden,*'
        $failures[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $failures[0].TargetObject | Should -Be 'kubeadm-1'
    }
}

Describe 'Fixing and restoring nodes through node pods' -Skip:$skip {
    BeforeAll {
        function script:Get-TreeHash { Get-ChildItem -Recurse -File "$work/fixable" | Sort-Object FullName | Get-FileHash | ForEach-Object Hash }
    }

    It '-WhatIf changes nothing, the fix reaches the node a piped row names, its files then pass as locally, and /configz shows the kubelet not restarted yet' {
        $before = Get-TreeHash
        $row = Test-CisKubelet421 -Kubeconfig $kubeconfig -ReadNodeFiles -NodeName 'fixable-1'
        $row.Status | Should -Be 'Fail'

        $whatIf = $row | Set-KubeletAnonymousAuth -Enabled $false -Kubeconfig $kubeconfig -WhatIf
        $whatIf.Status | Should -Be 'WhatIf'
        $whatIf.Transport | Should -Be 'NodePod'
        Get-TreeHash | Should -Be $before

        $fixed = $row | Set-KubeletAnonymousAuth -Enabled $false -Kubeconfig $kubeconfig -Confirm:$false
        $fixed.Changed | Should -BeTrue
        $fixed.ComputerName | Should -Be 'fixable-1'
        $fixed.Transport | Should -Be 'NodePod'
        $fixed.Backups | Should -Match 'kcbak-'
        $fixed.Reason | Should -Match '\(-Restart does this\)\.$'

        # The files now pass as they do locally, but the kubelet still runs with what it started with until it restarts,
        # and /configz says so: the row fails rather than hide it.
        $after = Test-CisKubelet421 -Kubeconfig $kubeconfig -ReadNodeFiles -NodeName 'fixable-1'
        $local = Test-CisKubelet421 -Root "$work/fixable"
        $local.Status | Should -Be 'Pass'
        $after.Status | Should -Be 'Fail'
        $after.ErrorId | Should -Be 'ConfigzDisagrees'
        $after.ConfigzEnabled | Should -Be 'true'
        $files = { $_ | Select-Object Actual, Explicit, Source, SourcePath, Distribution, PendingRestart | ConvertTo-Json }
        ($after | ForEach-Object $files) | Should -Be ($local | ForEach-Object $files)
        Get-NodePod | Should -BeNullOrEmpty
    }

    It 'Restore-KubeletAnonymousAuth puts the backups back through a node pod' {
        $restored = Restore-KubeletAnonymousAuth -ComputerName 'fixable-1' -Kubeconfig $kubeconfig -Confirm:$false
        $restored.Changed | Should -BeTrue
        (Test-CisKubelet421 -Kubeconfig $kubeconfig -ReadNodeFiles -NodeName 'fixable-1').Status | Should -Be 'Fail'
        Get-NodePod | Should -BeNullOrEmpty
    }

    It '-Restart restarts the kubelet through the host''s systemd from the pod, waits until it is healthy, and the running kubelet then agrees' {
        $before = Test-CisKubelet421 -Kubeconfig $kubeconfig -ReadNodeFiles -NodeName 'restart-1'
        $before.Status | Should -Be 'Fail'
        $before.ConfigzEnabled | Should -Be 'true'
        $journal = "$work/restartable/run/standin-systemd/journal"

        $whatIf = Set-KubeletAnonymousAuth -ComputerName 'restart-1' -Kubeconfig $kubeconfig -Enabled $false -Restart -WhatIf
        $whatIf.Status | Should -Be 'WhatIf'
        $journal | Should -Not -Exist

        # The restart cuts the exec stream that asks for it, and exec is refused until the kubelet is back.
        $fixed = Set-KubeletAnonymousAuth -ComputerName 'restart-1' -Kubeconfig $kubeconfig -Enabled $false -Restart -Force -RestartTimeout 60
        $fixed.Status | Should -Be 'Changed'
        $fixed.Restarted | Should -BeTrue
        $fixed.RolledBack | Should -BeFalse
        $fixed.ErrorId | Should -BeNullOrEmpty
        $fixed.Transport | Should -Be 'NodePod'
        $fixed.Reason | Should -Match 'kubelet.service was restarted, is healthy'
        @(Get-Content $journal)[0..1] | Should -Be 'daemon-reload', 'restart --no-block -- kubelet.service'

        $after = Test-CisKubelet421 -Kubeconfig $kubeconfig -ReadNodeFiles -NodeName 'restart-1'
        $after.Status | Should -Be 'Pass'
        $after.ConfigzCheck | Should -Be 'Agrees'
        $after.ConfigzEnabled | Should -Be 'false'
        Get-NodePod | Should -BeNullOrEmpty
    }

    It 'fails a node the API server does not know' {
        Set-KubeletAnonymousAuth -ComputerName 'no-such-node' -Kubeconfig $kubeconfig -Enabled $false -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'NodeGone,*'
        Get-NodePod | Should -BeNullOrEmpty
    }
}


Describe 'Removing node pods a killed run left behind (Remove-KubeletCompliancePod)' -Skip:$skip {
    BeforeAll {
        # What a run killed before its cleanup leaves: pods with the module's label, made here as the module makes them.
        function script:New-LeftPod([string] $Name, [string] $Node, [hashtable] $Labels) {
            $pod = @{
                apiVersion = 'v1'; kind = 'Pod'
                metadata = @{ name = $Name; labels = $Labels }
                spec = @{ nodeName = $Node; containers = @(@{ name = 'node-files'; image = 'busybox'; command = @('sleep', '600') }) }
            }
            Invoke-RestMethod -Method Post -Uri "$($api.URL)/api/v1/namespaces/kubelet-compliance/pods" -Headers @{ Authorization = 'Bearer valid-token' } `
                -SkipCertificateCheck -ContentType 'application/json' -Body (ConvertTo-Json -Depth 6 $pod) | Out-Null
        }
        $script:label = 'app.kubernetes.io/name'
    }

    It 'removes only the module''s pods, narrowed by node and age, one row per pod, nothing under -WhatIf' {
        New-LeftPod 'kubelet-compliance-read-kubeadm-1-bcdfg' 'kubeadm-1' @{ $label = 'kubelet-compliance'; 'app.kubernetes.io/component' = 'node-reader' }
        New-LeftPod 'kubelet-compliance-write-eks-1-hjklm' 'eks-1' @{ $label = 'kubelet-compliance'; 'app.kubernetes.io/component' = 'node-writer' }
        New-LeftPod 'someone-elses' 'kubeadm-1' @{ app = 'other' }

        Remove-KubeletCompliancePod -Kubeconfig $kubeconfig -WhatIf | Should -BeNullOrEmpty
        Remove-KubeletCompliancePod -Kubeconfig $kubeconfig -OlderThan (New-TimeSpan -Hours 1) -Confirm:$false | Should -BeNullOrEmpty
        (Get-NodePod).metadata.name | Sort-Object | Should -Be 'kubelet-compliance-read-kubeadm-1-bcdfg', 'kubelet-compliance-write-eks-1-hjklm', 'someone-elses'

        $writer = Remove-KubeletCompliancePod 'eks-*' -Kubeconfig $kubeconfig -Confirm:$false
        $writer.Name | Should -Be 'kubelet-compliance-write-eks-1-hjklm'
        $writer.NodeName | Should -Be 'eks-1'
        $writer.Component | Should -Be 'node-writer'
        $writer.Namespace | Should -Be 'kubelet-compliance'
        $writer.Created | Should -BeOfType [datetime]
        $writer.PSObject.TypeNames[0] | Should -Be 'KubeletCompliance.NodePod'

        $reader = Remove-KubeletCompliancePod -Kubeconfig $kubeconfig -Confirm:$false
        $reader.Name | Should -Be 'kubelet-compliance-read-kubeadm-1-bcdfg'
        (Get-NodePod).metadata.name | Should -Be 'someone-elses'
        Invoke-RestMethod -Method Delete -Uri "$($api.URL)/api/v1/namespaces/kubelet-compliance/pods/someone-elses?gracePeriodSeconds=0" -Headers @{ Authorization = 'Bearer valid-token' } -SkipCertificateCheck | Out-Null
    }

    It 'stops with PodForbidden when it may not list pods, and writes one error per pod it may not delete' {
        { Remove-KubeletCompliancePod -Kubeconfig $noPods -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PodForbidden,*'
        { Remove-KubeletCompliancePod -Kubeconfig $kubeconfig -Namespace 'nowhere' -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'NamespaceNotFound,*'

        New-LeftPod 'kubelet-compliance-read-k3s-1-qrstv' 'k3s-1' @{ $label = 'kubelet-compliance'; 'app.kubernetes.io/component' = 'node-reader' }
        Remove-KubeletCompliancePod -Kubeconfig $noDelete -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'PodForbidden,*'
        $failures[0].TargetObject | Should -Be 'kubelet-compliance-read-k3s-1-qrstv'
        $failures[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        (Remove-KubeletCompliancePod -Kubeconfig $kubeconfig -Confirm:$false).Name | Should -Be 'kubelet-compliance-read-k3s-1-qrstv'
        Get-NodePod | Should -BeNullOrEmpty
    }
}

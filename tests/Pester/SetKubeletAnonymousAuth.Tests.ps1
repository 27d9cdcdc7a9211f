# Set-KubeletAnonymousAuth and Restore-KubeletAnonymousAuth against temporary copies of the fixture node trees,
# through the built module (KUBELETCOMPLIANCE_MODULE), and in fresh pwsh processes where a process is killed.

BeforeAll {
    Import-Module $env:KUBELETCOMPLIANCE_MODULE -Force
    . "$PSScriptRoot/StandIns.ps1"
    $fixtures = Join-Path $PSScriptRoot '../fixtures/nodes'

    function New-NodeCopy([string[]] $Name) {
        $parent = Join-Path ([IO.Path]::GetTempPath()) ("kc-pester-" + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory $parent | Out-Null
        foreach ($n in $Name) { Copy-Item -Recurse (Join-Path $fixtures $n) (Join-Path $parent $n) }
        return $parent
    }

    function Get-TreeHash([string] $Path) {
        Get-ChildItem -Recurse -File $Path | Sort-Object FullName |
            ForEach-Object { "$($_.FullName.Substring($Path.Length)) $((Get-FileHash $_.FullName -Algorithm SHA256).Hash)" }
    }
}

Describe 'Set-KubeletAnonymousAuth' {
    BeforeEach {
        $parent = New-NodeCopy 'flags-only-default', 'kubeadm-1.10', 'kubeadm-current'
    }
    AfterEach {
        Remove-Item -Recurse -Force $parent
    }

    It '-WhatIf changes no byte on disk and reports WhatIf' {
        $before = Get-TreeHash $parent
        $rows = Get-ChildItem $parent -Directory | Test-CisKubelet421 | Where-Object Status -eq Fail |
            Set-KubeletAnonymousAuth -Enabled $false -WhatIf
        $rows.Status | Should -Be @('WhatIf', 'WhatIf')
        Get-TreeHash $parent | Should -Be $before
    }

    It 'fixes failing nodes piped from Test-CisKubelet421, then a second run changes nothing' {
        $rows = Get-ChildItem $parent -Directory | Test-CisKubelet421 | Where-Object Status -eq Fail |
            Set-KubeletAnonymousAuth -Enabled $false -Confirm:$false
        $rows.Count | Should -Be 2
        $rows | ForEach-Object {
            $_.PSObject.TypeNames[0] | Should -Be 'KubeletCompliance.RemediationResult'
            $_.Status | Should -Be 'Changed'
            $_.PreviousEnabled | Should -BeTrue
            $_.Enabled | Should -BeFalse
            $_.Reason | Should -Match 'restart pending'
            # -Restart is refused for a file tree (RestartNeedsLiveNode), so the row does not suggest it.
            $_.Reason | Should -Not -Match '-Restart'
            $_.Backups | Should -Match '\.kcbak-\d{8}T\d{9}Z$'
        }
        (Get-ChildItem $parent -Directory | Test-CisKubelet421).Status | Should -Be @('Pass', 'Pass', 'Pass')

        $before = Get-TreeHash $parent
        $again = Get-ChildItem $parent -Directory | Test-CisKubelet421 | Set-KubeletAnonymousAuth -Enabled $false -Confirm:$false
        $again.Status | Should -Be @('NoChange', 'NoChange', 'NoChange')
        Get-TreeHash $parent | Should -Be $before
    }

    It 'binds Root from Get-KubeletAnonymousAuth output too' {
        $row = Get-KubeletAnonymousAuth -Root (Join-Path $parent 'kubeadm-1.10') | Set-KubeletAnonymousAuth -Enabled $false -Confirm:$false
        $row.Status | Should -Be 'Changed'
        $row.FilesChanged | Should -Be '/etc/systemd/system/kubelet.service.d/10-kubeadm.conf'
    }

    It 'Restore-KubeletAnonymousAuth puts the original bytes back' {
        $node = Join-Path $parent 'flags-only-default'
        $unit = Join-Path $node 'etc/systemd/system/kubelet.service'
        $original = Get-FileHash $unit
        Set-KubeletAnonymousAuth -Root $node -Enabled $false -Confirm:$false | Out-Null
        (Get-FileHash $unit).Hash | Should -Not -Be $original.Hash

        $preview = Restore-KubeletAnonymousAuth -Root $node -WhatIf
        $preview.Status | Should -Be 'WhatIf'
        $preview.Reason | Should -Match '^What if: /etc/systemd/system/kubelet\.service would be restored from the backups of \d{8}T\d{9}Z; nothing was written\.$'

        $restored = Restore-KubeletAnonymousAuth -Root $node -Confirm:$false
        $restored.Status | Should -Be 'Changed'
        $restored.FilesChanged | Should -Be '/etc/systemd/system/kubelet.service'
        (Get-FileHash $unit).Hash | Should -Be $original.Hash
        (Test-CisKubelet421 -Root $node).Status | Should -Be 'Fail'
    }

    It 'refuses -Restart for a node below -Root, with a stable error id' {
        $before = Get-TreeHash $parent
        $row = Set-KubeletAnonymousAuth -Root (Join-Path $parent 'kubeadm-1.10') -Enabled $false -Restart -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        $row.Status | Should -Be 'Refused'
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RestartNeedsLiveNode*'
        Get-TreeHash $parent | Should -Be $before
    }
}

Describe 'Set-KubeletAnonymousAuth on every kind of failing layout' {
    BeforeEach {
        $kinds = 'k3s-service-kubelet-arg', 'k3s-agent-kubelet-arg', 'packaged-kubelet-flags', 'config-dir-only-running', 'openshift4-kubeletconfig-anonymous'
        $parent = New-NodeCopy $kinds
    }
    AfterEach {
        Remove-Item -Recurse -Force $parent
    }

    It 'fixes each in the file that decides (packaged units by a drop-in), refuses OpenShift, and a second run changes nothing' {
        $audit = Get-ChildItem $parent -Directory | Test-CisKubelet421
        $audit.Status | Should -Be @('Fail', 'Fail', 'Fail', 'Fail', 'Fail')

        $diffs = $audit | Set-KubeletAnonymousAuth -Enabled $false -WhatIf -Verbose -ErrorAction SilentlyContinue 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        ($diffs -join "`n") | Should -Match "(?m)^-\t'anonymous-auth=true' \\$"
        ($diffs -join "`n") | Should -Match "(?m)^\+\t'anonymous-auth=false' \\$"
        ($diffs -join "`n") | Should -Match '(?m)^\+\+\+ /etc/systemd/system/kubelet.service.d/99-kubelet-compliance.conf'
        ($diffs -join "`n") | Should -Match '(?m)^\+    enabled: false$'

        $rows = $audit | Set-KubeletAnonymousAuth -Enabled $false -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue
        $byName = @{}; $rows | ForEach-Object { $byName[(Split-Path $_.Root -Leaf)] = $_ }
        $byName['k3s-service-kubelet-arg'].FilesChanged | Should -Be '/etc/systemd/system/k3s.service'
        $byName['k3s-agent-kubelet-arg'].FilesChanged | Should -Be '/etc/systemd/system/k3s-agent.service'
        $byName['packaged-kubelet-flags'].FilesChanged | Should -Be '/etc/systemd/system/kubelet.service.d/99-kubelet-compliance.conf'
        $byName['config-dir-only-running'].FilesChanged | Should -Be '/etc/kubernetes/kubelet.conf.d/99-kubelet-compliance.conf'
        $byName['openshift4-kubeletconfig-anonymous'].Status | Should -Be 'Refused'
        $byName['openshift4-kubeletconfig-anonymous'].ErrorId | Should -Be 'ManagedByCluster'
        $refused.FullyQualifiedErrorId | Should -Be 'ManagedByCluster,KubeletCompliance.Commands.SetKubeletAnonymousAuthCommand'
        Get-Content -Raw (Join-Path $parent 'k3s-agent-kubelet-arg/etc/systemd/system/k3s-agent.service') |
            Should -Match "(?m)^\t'--kubelet-arg=anonymous-auth=false' \\\n\t'--node-label=pool=edge' \\\n\n$"

        $after = @{}; Get-ChildItem $parent -Directory | Test-CisKubelet421 | ForEach-Object { $after[(Split-Path $_.Root -Leaf)] = $_ }
        foreach ($n in 'k3s-service-kubelet-arg', 'packaged-kubelet-flags', 'config-dir-only-running') { $after[$n].Status | Should -Be 'Pass' -Because $n }
        $after['k3s-agent-kubelet-arg'].Status | Should -Be 'Fail' -Because 'the running k3s agent still has the old flag'
        $after['k3s-agent-kubelet-arg'].PendingRestart | Should -BeTrue

        $before = Get-TreeHash $parent
        $again = Get-ChildItem $parent -Directory | Test-CisKubelet421 | Set-KubeletAnonymousAuth -Enabled $false -Confirm:$false -ErrorAction SilentlyContinue
        ($again | Where-Object ErrorId -ne 'ManagedByCluster').Status | Should -Be @('NoChange', 'NoChange', 'NoChange', 'NoChange')
        Get-TreeHash $parent | Should -Be $before
    }
}

Describe 'Set-KubeletAnonymousAuth refusals' {
    BeforeAll {
        $parent = Join-Path ([IO.Path]::GetTempPath()) ("kc-pester-" + [guid]::NewGuid().ToString('N'))
        $openshift = Join-Path $parent 'openshift'
        New-Item -ItemType Directory -Force (Join-Path $openshift 'etc/systemd/system'), (Join-Path $openshift 'etc/kubernetes') | Out-Null
        [IO.File]::WriteAllText((Join-Path $openshift 'etc/systemd/system/kubelet.service'), "[Service]`nExecStart=/usr/bin/kubenswrapper /usr/bin/kubelet --config=/etc/kubernetes/kubelet.conf`n")
        [IO.File]::WriteAllText((Join-Path $openshift 'etc/kubernetes/kubelet.conf'), "apiVersion: kubelet.config.k8s.io/v1beta1`nkind: KubeletConfiguration`nauthentication:`n  anonymous:`n    enabled: true`n")
        $malformed = New-NodeCopy 'kubeadm-current'
        Add-Content (Join-Path $malformed 'kubeadm-current/var/lib/kubelet/config.yaml') "authentication: [oops"
    }
    AfterAll {
        Remove-Item -Recurse -Force $parent, $malformed
    }

    It 'refuses an OpenShift node with ErrorId ManagedByCluster and writes nothing' {
        $before = Get-TreeHash $openshift
        $row = Set-KubeletAnonymousAuth -Root $openshift -Enabled $false -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        $row.Status | Should -Be 'Refused'
        $row.ErrorId | Should -Be 'ManagedByCluster'
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ManagedByCluster,*'
        $failures[0].Exception.Message | Should -Match 'KubeletConfig'
        Get-TreeHash $openshift | Should -Be $before
    }

    It 'refuses a malformed config and writes nothing' {
        $before = Get-TreeHash $malformed
        $row = Set-KubeletAnonymousAuth -Root (Join-Path $malformed 'kubeadm-current') -Enabled $false -Confirm:$false -ErrorAction SilentlyContinue
        $row.Status | Should -Be 'Refused'
        Get-TreeHash $malformed | Should -Be $before
    }
}

Describe 'A process killed in the middle of a change' {
    It 'no environment variable can make a root Set- hang after its backup (the old KUBELETCOMPLIANCE_TEST_PAUSE_AT hook)' {
        $parent = New-NodeCopy 'flags-only-default'
        try {
            $node = Join-Path $parent 'flags-only-default'
            $script = "Import-Module '$env:KUBELETCOMPLIANCE_MODULE'; (Set-KubeletAnonymousAuth -Root '$node' -Enabled `$false -Confirm:`$false).Status"
            $start = [Diagnostics.ProcessStartInfo]::new('dotnet')
            foreach ($a in @($env:KUBELETCOMPLIANCE_PWSH, '-NoProfile', '-NonInteractive', '-Command', $script)) { $start.ArgumentList.Add($a) }
            $start.Environment['KUBELETCOMPLIANCE_TEST_PAUSE_AT'] = 'after-backup'
            $start.Environment['KUBELETCOMPLIANCE_TEST_PAUSE_MARKER'] = Join-Path $parent 'paused'
            $start.RedirectStandardOutput = $true
            $child = [Diagnostics.Process]::Start($start)
            $output = $child.StandardOutput.ReadToEndAsync()
            $finished = $child.WaitForExit(120000)
            if (-not $finished) { $child.Kill() }
            $finished | Should -BeTrue
            $output.Result.Trim() | Should -Be 'Changed'
        } finally {
            Remove-Item -Recurse -Force $parent
        }
    }

    It 'leaves the original or the complete new file, never a mixture (killed <Point>)' -ForEach @(
        @{ Point = 'after-backup' }
        @{ Point = 'before-rename' }
    ) {
        $parent = New-NodeCopy 'flags-only-default'
        try {
            $node = Join-Path $parent 'flags-only-default'
            $unit = Join-Path $node 'etc/systemd/system/kubelet.service'
            $original = [IO.File]::ReadAllBytes($unit)
            # The module's planner and writer in a process of their own, stopped at the point (an internal checkpoint
            # of the writer, reachable only from the test stand-in), then killed there.
            $crash = Start-StandIn @('writer-crash', '--root', $node, '--at', $Point)
            $crash.PAUSED | Should -Be $Point
            $crash.Process.Kill()   # SIGKILL on Linux
            $crash.Process.WaitForExit()

            $now = [IO.File]::ReadAllBytes($unit)
            [Convert]::ToBase64String($now) | Should -Be ([Convert]::ToBase64String($original))
            (Test-CisKubelet421 -Root $node).Status | Should -Be 'Fail'
            $backup = Get-ChildItem (Split-Path $unit) -Filter 'kubelet.service.kcbak-*'
            [Convert]::ToBase64String([IO.File]::ReadAllBytes($backup.FullName)) | Should -Be ([Convert]::ToBase64String($original))

            # The interrupted run leaves the node consistent: running again completes it.
            (Set-KubeletAnonymousAuth -Root $node -Enabled $false -Confirm:$false).Status | Should -Be 'Changed'
            (Test-CisKubelet421 -Root $node).Status | Should -Be 'Pass'
        } finally {
            Remove-Item -Recurse -Force $parent
        }
    }
}

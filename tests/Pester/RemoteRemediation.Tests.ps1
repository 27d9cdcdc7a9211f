# Set-/Restore-KubeletAnonymousAuth over a real OpenSSH server on loopback (tests/ssh/sshd-harness.sh), through the
# built module. The files to change are root-only (0600), so every change has to go through sudo.
BeforeDiscovery {
    $script:canRunSshd = (Test-Path /usr/sbin/sshd) -and ((id -u) -eq '0')
}

Describe 'Remediating nodes over SSH with sudo' -Skip:(-not $canRunSshd -and $env:CI -ne 'true') {
    BeforeAll {
        Import-Module $env:KUBELETCOMPLIANCE_MODULE -Force
        $script:repo = (Resolve-Path "$PSScriptRoot/../..").Path
        $script:work = "/tmp/kc-pester-remediation-$PID"
        $out = & bash "$repo/tests/ssh/sshd-harness.sh" start $work
        if ($LASTEXITCODE -ne 0) { throw "sshd harness failed: $out" }
        $script:harness = @{}
        Get-Content "$work/harness.env" | ForEach-Object { $k, $v = $_ -split '=', 2; $harness[$k] = $v }
        $script:port = [int]$harness.PORT
        $script:ssh = @{ KnownHostsPath = "$work/known_hosts_pester"; KeyFilePath = $harness.KEY_ED25519 }
        $script:trees = "$work/trees"

        # The file each failing tree decides anonymous-auth in: the one the fix must change, and the only one.
        $script:decisive = @{
            'flags-only-default' = '/etc/systemd/system/kubelet.service'
            'kubeadm-1.10'       = '/etc/systemd/system/kubelet.service.d/10-kubeadm.conf'
            'kubeadm-enabled'    = '/var/lib/kubelet/config.yaml'
        }

        function script:Remote([string] $User) { "$User@127.0.0.1:$port" }

        function script:Get-TreeState([string] $Path) {
            Get-ChildItem -Recurse -File -Force $Path | Sort-Object FullName | ForEach-Object {
                "$($_.FullName.Substring($Path.Length)) $(& stat -c '%U:%G %a' $_.FullName) $((Get-FileHash $_.FullName -Algorithm SHA256).Hash)"
            }
        }
    }

    BeforeEach {
        # Fresh trees for every test: each one changes them.
        Remove-Item -Recurse -Force $trees -ErrorAction SilentlyContinue
        New-Item -ItemType Directory $trees | Out-Null
        foreach ($name in 'flags-only-default', 'kubeadm-1.10') { Copy-Item -Recurse "$repo/tests/fixtures/nodes/$name" "$trees/$name" }
        Copy-Item -Recurse "$repo/tests/fixtures/nodes/kubeadm-current" "$trees/kubeadm-enabled"
        $config = "$trees/kubeadm-enabled/var/lib/kubelet/config.yaml"
        (Get-Content -Raw $config) -replace '(?m)^(  anonymous:\n    enabled:) false', '$1 true' | Set-Content -NoNewline $config
        & chmod -R a+rX $trees
        foreach ($entry in $decisive.GetEnumerator()) { & chmod 0600 "$trees/$($entry.Key)$($entry.Value)" }
    }

    AfterAll {
        & bash "$PSScriptRoot/../ssh/sshd-harness.sh" stop $work | Out-Null
        Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
    }

    It 'fixes <_> piped from a failing SSH audit, changing only the deciding file and backing it up beside itself' -ForEach 'flags-only-default', 'kubeadm-1.10', 'kubeadm-enabled' {
        $tree = "$trees/$_"
        $nodePath = $decisive[$_]
        $file = "$tree$nodePath"
        $before = Get-TreeState $tree
        $originalBytes = [IO.File]::ReadAllBytes($file)

        $audit = Test-CisKubelet421 -ComputerName (Remote kcsudo) @ssh -AcceptNewHostKey -RemoteRoot $tree
        $audit.Status | Should -Be 'Fail'
        $row = $audit | Where-Object Status -eq Fail | Set-KubeletAnonymousAuth -Enabled $false -KeyFilePath $ssh.KeyFilePath -KnownHostsPath $ssh.KnownHostsPath

        $row.Status | Should -Be 'Changed'
        $row.Transport | Should -Be 'SSH'
        $row.FilesChanged | Should -Be $nodePath
        (Test-CisKubelet421 -ComputerName (Remote kcsudo) @ssh -RemoteRoot $tree).Status | Should -Be 'Pass'

        # Beside the backup lies the SHA-256 record of what Set- wrote (<name>.kcbak-<stamp>.sha256): not a backup.
        $backup = @(Get-Item -Force "$file.kcbak-*" | Where-Object Name -notlike '*.sha256')
        $backup.Count | Should -Be 1
        $row.Backups | Should -Be "$nodePath$($backup[0].Name.Substring((Split-Path -Leaf $file).Length))"
        [IO.File]::ReadAllBytes($backup[0].FullName) | Should -Be $originalBytes
        & stat -c '%U:%G %a' $backup[0].FullName | Should -Be 'root:root 600'
        & stat -c '%U:%G %a' $file | Should -Be 'root:root 600'

        $after = Get-TreeState $tree
        $after | Where-Object { -not $_.StartsWith("$nodePath ") -and $_ -notmatch '\.kcbak-' } |
            Should -Be ($before | Where-Object { -not $_.StartsWith("$nodePath ") })
        ($after | Where-Object { $_.StartsWith("$nodePath ") }) | Should -Not -Be ($before | Where-Object { $_.StartsWith("$nodePath ") })
    }

    It 'edits one line of a kubelet config that enables anonymous auth' {
        $file = "$trees/kubeadm-enabled/var/lib/kubelet/config.yaml"
        $original = Get-Content $file
        Set-KubeletAnonymousAuth -ComputerName (Remote kcsudo) @ssh -AcceptNewHostKey -RemoteRoot "$trees/kubeadm-enabled" -Enabled $false | Out-Null
        $changed = Get-Content $file
        $changed.Count | Should -Be $original.Count
        $differing = @(0..($original.Count - 1) | Where-Object { $original[$_] -cne $changed[$_] })
        $differing.Count | Should -Be 1
        $original[$differing[0]], $changed[$differing[0]] | Should -Be '    enabled: true', '    enabled: false'
    }

    It 'says NoChange on a second run and writes nothing' {
        $tree = "$trees/kubeadm-1.10"
        Set-KubeletAnonymousAuth -ComputerName (Remote kcsudo) @ssh -AcceptNewHostKey -RemoteRoot $tree -Enabled $false | Out-Null
        $before = Get-TreeState $tree
        $again = Set-KubeletAnonymousAuth -ComputerName (Remote kcsudo) @ssh -RemoteRoot $tree -Enabled $false
        $again.Status | Should -Be 'NoChange'
        Get-TreeState $tree | Should -Be $before
    }

    It '-WhatIf changes no byte' {
        $before = Get-TreeState $trees
        $rows = Test-CisKubelet421 -ComputerName (Remote kcsudo) @ssh -AcceptNewHostKey -RemoteRoot "$trees/flags-only-default" |
            Set-KubeletAnonymousAuth -Enabled $false @ssh -WhatIf
        $rows.Status | Should -Be 'WhatIf'
        Restore-KubeletAnonymousAuth -ComputerName (Remote kcsudo) @ssh -RemoteRoot "$trees/flags-only-default" -WhatIf | Out-Null
        Get-TreeState $trees | Should -Be $before
    }

    It 'Restore-KubeletAnonymousAuth over SSH puts the original bytes back' {
        $tree = "$trees/flags-only-default"
        $before = Get-TreeState $tree
        Set-KubeletAnonymousAuth -ComputerName (Remote kcsudo) @ssh -AcceptNewHostKey -RemoteRoot $tree -Enabled $false | Select-Object -ExpandProperty Status | Should -Be 'Changed'

        $restored = Restore-KubeletAnonymousAuth -ComputerName (Remote kcsudo) @ssh -RemoteRoot $tree -Confirm:$false
        $restored.Status | Should -Be 'Changed'
        $restored.FilesChanged | Should -Be $decisive['flags-only-default']
        Get-TreeState $tree | Where-Object { $_ -notmatch '\.kcbak-' } | Should -Be $before
        (Test-CisKubelet421 -ComputerName (Remote kcsudo) @ssh -RemoteRoot $tree).Status | Should -Be 'Fail'
    }

    It 'overrides a packaged unit with a drop-in in a folder it makes like its parent, and Restore removes the drop-in' {
        $tree = "$trees/packaged"
        Copy-Item -Recurse "$repo/tests/fixtures/nodes/packaged-kubelet-flags" $tree
        & chmod -R a+rX $tree
        & chmod 0700 "$tree/etc/systemd/system"
        $unit = Get-FileHash "$tree/usr/lib/systemd/system/kubelet.service"
        $dropIn = '/etc/systemd/system/kubelet.service.d/99-kubelet-compliance.conf'

        $row = Set-KubeletAnonymousAuth -ComputerName (Remote kcsudo) @ssh -AcceptNewHostKey -RemoteRoot $tree -Enabled $false
        $row.Status | Should -Be 'Changed'
        $row.FilesChanged | Should -Be $dropIn
        & stat -c '%U:%G %a' "$tree/etc/systemd/system/kubelet.service.d" | Should -Be 'root:root 700'
        & stat -c '%U:%G %a' "$tree$dropIn" | Should -Be 'root:root 644'
        (Get-FileHash "$tree/usr/lib/systemd/system/kubelet.service").Hash | Should -Be $unit.Hash
        (Test-CisKubelet421 -ComputerName (Remote kcsudo) @ssh -RemoteRoot $tree).Status | Should -Be 'Pass'

        $restored = Restore-KubeletAnonymousAuth -ComputerName (Remote kcsudo) @ssh -RemoteRoot $tree -Confirm:$false
        $restored.Status | Should -Be 'Changed'
        Test-Path "$tree$dropIn" | Should -BeFalse
        (Test-CisKubelet421 -ComputerName (Remote kcsudo) @ssh -RemoteRoot $tree).Status | Should -Be 'Fail'
    }

    It 'changes files as kcpass, whose sudo needs the password given in -Credential' {
        $credential = [pscredential]::new('kcpass', (ConvertTo-SecureString $harness.PASSWORD_KCPASS -AsPlainText -Force))
        $common = @{ ComputerName = "127.0.0.1:$port"; Credential = $credential; KnownHostsPath = $ssh.KnownHostsPath; AcceptNewHostKey = $true; RemoteRoot = "$trees/kubeadm-enabled" }
        $row = Set-KubeletAnonymousAuth @common -Enabled $false
        $row.Status | Should -Be 'Changed'
        (Test-CisKubelet421 @common).Status | Should -Be 'Pass'
        (Restore-KubeletAnonymousAuth @common -Confirm:$false).Status | Should -Be 'Changed'
        (Test-CisKubelet421 @common).Status | Should -Be 'Fail'
    }

    It 'refuses kcnone, who has no sudo, with an error naming sudo, changes nothing and goes on to the next node' {
        # World-readable, so kcnone can read and plan; only the change needs root.
        & chmod 0644 "$trees/kubeadm-enabled/var/lib/kubelet/config.yaml"
        $before = Get-TreeState $trees
        $rows = Set-KubeletAnonymousAuth -ComputerName (Remote kcnone), (Remote kcnone) @ssh -AcceptNewHostKey -RemoteRoot "$trees/kubeadm-enabled" -Enabled $false -ErrorVariable failures -ErrorAction SilentlyContinue
        $rows.Count | Should -Be 1 -Because 'a node named twice is changed once'
        $rows.Status | Should -Be 'Failed'
        $rows[0].ErrorId | Should -Be 'SudoRefused'
        $rows[0].Reason | Should -Match 'No file was changed'
        $rows[0].Reason | Should -Match 'sudo: a password is required'
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'SudoRefused,*'
        $failures[0].TargetObject | Should -Be (Remote kcnone)

        # Root-only: kcnone cannot even read the file that decides, so nothing is planned.
        $unreadable = Set-KubeletAnonymousAuth -ComputerName (Remote kcnone) @ssh -RemoteRoot "$trees/flags-only-default" -Enabled $false -ErrorAction SilentlyContinue
        $unreadable.Status | Should -Be 'Refused'
        $unreadable.Reason | Should -Match 'sudo'
        Get-TreeState $trees | Should -Be $before
    }
}

# Fleet audits over SSH against a real OpenSSH server on loopback (tests/ssh/sshd-harness.sh), through the built module.
BeforeDiscovery {
    $script:canRunSshd = (Test-Path /usr/sbin/sshd) -and ((id -u) -eq '0')
}

Describe 'Auditing nodes over SSH' -Skip:(-not $canRunSshd -and $env:CI -ne 'true') {
    BeforeAll {
        Import-Module $env:KUBELETCOMPLIANCE_MODULE -Force
        $repo = (Resolve-Path "$PSScriptRoot/../..").Path
        $script:work = "/tmp/kc-pester-sshd-$PID"
        $out = & bash "$repo/tests/ssh/sshd-harness.sh" start $work
        if ($LASTEXITCODE -ne 0) { throw "sshd harness failed: $out" }
        $script:env = @{}
        Get-Content "$work/harness.env" | ForEach-Object { $k, $v = $_ -split '=', 2; $env[$k] = $v }
        $script:port = [int]$env.PORT
        $script:knownHosts = "$work/known_hosts_pester"

        # Fixture nodes served to the SSH users; each config root-only so reading it needs sudo.
        $script:trees = "$work/trees"
        New-Item -ItemType Directory -Force $trees | Out-Null
        foreach ($name in 'kubeadm-current', 'flags-only-default', 'config-dir-dropins', 'eks-al2') {
            Copy-Item -Recurse "$repo/tests/fixtures/nodes/$name" "$trees/$name"
        }
        & chmod -R a+rX $trees
        & chmod 0600 "$trees/kubeadm-current/var/lib/kubelet/config.yaml"

        $script:common = @{ KnownHostsPath = $knownHosts; AcceptNewHostKey = $true; KeyFilePath = $env.KEY_ED25519; ConnectTimeout = 10 }
        function script:Remote([string] $user) { "$user@127.0.0.1:$port" }
    }

    AfterAll {
        & bash "$PSScriptRoot/../ssh/sshd-harness.sh" stop $work | Out-Null
        Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
    }

    It 'gives exactly the local answer for the same tree (<_>)' -ForEach 'kubeadm-current', 'flags-only-default', 'config-dir-dropins', 'eks-al2' {
        $local = Get-KubeletAnonymousAuth -Root "$trees/$_"
        $remote = Get-KubeletAnonymousAuth -ComputerName (Remote kcsudo) -RemoteRoot "$trees/$_" @common
        $remote.Transport | Should -Be 'SSH'
        foreach ($p in 'Enabled', 'Explicit', 'Source', 'SourcePath', 'ConfigPath', 'ConfigDir', 'CommandLine', 'Basis', 'Distribution', 'ServiceName') {
            $remote.$p | Should -Be $local.$p -Because $p
        }
        (Test-CisKubelet421 -ComputerName (Remote kcsudo) -RemoteRoot "$trees/$_" @common).Status | Should -Be (Test-CisKubelet421 -Root "$trees/$_").Status
    }

    It 'logs in with a password and uses it for sudo' {
        $cred = [pscredential]::new('kcpass', (ConvertTo-SecureString $env.PASSWORD_KCPASS -AsPlainText -Force))
        $r = Test-CisKubelet421 -ComputerName "127.0.0.1:$port" -Credential $cred -RemoteRoot "$trees/kubeadm-current" -KnownHostsPath $knownHosts -AcceptNewHostKey
        $r.Status | Should -Be 'Pass'
        $r.SourcePath | Should -Be '/var/lib/kubelet/config.yaml'
    }

    It 'reports a node where sudo is refused with a clear error' {
        $r = Test-CisKubelet421 -ComputerName (Remote kcnone) -RemoteRoot "$trees/kubeadm-current" @common
        $r.Status | Should -Be 'Error'
        $r.ErrorId | Should -Be 'ConfigFileUnreadable'
        $r.Reason | Should -Match 'sudo'
    }

    It 'fails an unknown host key with its fingerprint unless told to accept it' {
        $fresh = "$work/known_hosts_empty"
        Remove-Item $fresh -ErrorAction SilentlyContinue
        $r = Test-CisKubelet421 -ComputerName (Remote kcsudo) -RemoteRoot "$trees/kubeadm-current" -KeyFilePath $env.KEY_ED25519 -KnownHostsPath $fresh
        $r.Status | Should -Be 'Error'
        $r.ErrorId | Should -Be 'HostKeyUnknown'
        $r.Reason | Should -Match 'SHA256:'
        Get-KubeletAnonymousAuth -ComputerName (Remote kcsudo) -RemoteRoot "$trees/kubeadm-current" -KeyFilePath $env.KEY_ED25519 -KnownHostsPath $fresh -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'HostKeyUnknown,*'
        $errs[0].CategoryInfo.Category | Should -Be 'SecurityError'
        $errs[0].TargetObject | Should -Be (Remote kcsudo)
    }

    It 'keeps auditing the live nodes next to a dead port, each node with its own row' {
        $targets = @((Remote kcsudo), 'kcsudo@127.0.0.1:1', (Remote kcsudo))
        $rows = Test-CisKubelet421 -ComputerName $targets -RemoteRoot "$trees/flags-only-default" @common
        $rows.Count | Should -Be 2 -Because 'a node named twice is audited once'
        ($rows | Where-Object ComputerName -eq 'kcsudo@127.0.0.1:1').ErrorId | Should -Be 'ConnectionRefused'
        @($rows | Where-Object Status -eq 'Fail').Count | Should -Be 1
    }

    It 'takes node names from the pipeline, by value and by property name' {
        $byValue = (Remote kcsudo) | Test-CisKubelet421 -RemoteRoot "$trees/kubeadm-current" @common
        $byValue.Status | Should -Be 'Pass'
        $byName = [pscustomobject]@{ HostName = (Remote kcsudo) } | Test-CisKubelet421 -RemoteRoot "$trees/kubeadm-current" @common
        $byName.Status | Should -Be 'Pass'
        $again = $byName | Get-KubeletAnonymousAuth @common
        $again.Transport | Should -Be 'SSH'
        $again.SourcePath | Should -Be '/var/lib/kubelet/config.yaml'
    }

    It 'reads -KeyFilePath and -KnownHostsPath relative to the prompt''s folder in a fresh pwsh (issue 12.1)' {
        $here = Join-Path $work "prompt-$PID"
        New-Item -ItemType Directory -Force $here | Out-Null
        Copy-Item $env.KEY_ED25519 "$here/key"
        & chmod 0600 "$here/key"
        Push-Location $here
        try {
            $status = & dotnet $env:KUBELETCOMPLIANCE_PWSH -NoProfile -NonInteractive -Command "Import-Module '$env:KUBELETCOMPLIANCE_MODULE'; (Test-CisKubelet421 -ComputerName '$(Remote kcsudo)' -KeyFilePath ./key -KnownHostsPath ./kh -AcceptNewHostKey -RemoteRoot '$trees/kubeadm-current').Status"
        } finally {
            Pop-Location
        }
        $status | Should -Be 'Pass'
        Test-Path "$here/kh" | Should -BeTrue -Because '-AcceptNewHostKey records the key in ./kh of the current folder'
    }

    It 'runs nothing on the node from a hostile node name or path' {
        $marker = "/tmp/kc-pwned-$PID"
        Remove-Item $marker -ErrorAction SilentlyContinue
        $rows = @(Test-CisKubelet421 -ComputerName "127.0.0.1;touch $marker" @common -ErrorAction SilentlyContinue)
        $rows[0].ErrorId | Should -Be 'ComputerNameHostNameInvalid'
        $hostile = "$trees/x'; touch $marker; echo '`$(touch $marker)`n"
        $rows += Test-CisKubelet421 -ComputerName (Remote kcsudo) -RemoteRoot $hostile @common
        Test-Path $marker | Should -BeFalse
        $rows[-1].Status | Should -Be 'NotApplicable'
    }
}

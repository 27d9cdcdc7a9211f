# "If ssh node works, this works": ~/.ssh/config-style Host blocks, a key only in ssh-agent and a ProxyJump bastion,
# through the built module, against a real bastion sshd and nodes in a network namespace (tests/ssh/jump-harness.sh).
BeforeDiscovery {
    $script:canRun = (Test-Path /usr/sbin/sshd) -and (Test-Path /usr/bin/socat) -and ((id -u) -eq '0')
}

Describe 'Nodes reached the way ssh reaches them' -Skip:(-not $canRun -and $env:CI -ne 'true') {
    BeforeAll {
        Import-Module $env:KUBELETCOMPLIANCE_MODULE -Force
        $repo = (Resolve-Path "$PSScriptRoot/../..").Path
        $script:work = "/tmp/kc-pester-jump-$PID"
        $out = & bash "$repo/tests/ssh/jump-harness.sh" start $work 2>&1
        if ($LASTEXITCODE -ne 0) { throw "jump harness failed: $out" }
        $script:env = @{}
        Get-Content "$work/jump.env" | ForEach-Object { $k, $v = $_ -split '=', 2; $env[$k] = $v }

        $script:tree = "$work/tree"
        Copy-Item -Recurse "$repo/tests/fixtures/nodes/kubeadm-current" $tree
        & chmod -R a+rX $tree

        function script:KnownHostsLine([string] $name, [string] $pub) { $t, $k, $null = (Get-Content $pub) -split ' '; "$name $t $k" }
        $script:knownHosts = "$work/known_hosts"
        @(
            KnownHostsLine "[127.0.0.1]:$($env.BASTION_PORT)" $env.BASTION_HOST_KEY_PUB
            KnownHostsLine $env.NODE1 $env.NODE1_HOST_KEY_PUB
            KnownHostsLine $env.NODE2 $env.NODE2_HOST_KEY_PUB
        ) | Set-Content $knownHosts

        # The operator's config: aliases, the user and key for every node, the bastion for the workers.
        $script:config = "$work/ssh_config"
        @"
Host worker-1
  HostName $($env.NODE1)
Host worker-2
  HostName $($env.NODE2)
Host worker-* 10.231.7.*
  ProxyJump bastion
Host bastion
  HostName 127.0.0.1
  Port $($env.BASTION_PORT)
Host *
  User $($env.USER)
  IdentityFile $($env.KEY_PASS)
  UserKnownHostsFile $knownHosts
  BatchMode yes
"@ | Set-Content $config

        # The node key is passphrase-protected; only ssh-agent has it unlocked.
        $script:agentSocket = "$work/agent.sock"
        $script:agent = Start-Process /usr/bin/ssh-agent -ArgumentList '-D', '-a', $agentSocket -PassThru -RedirectStandardOutput "$work/agent.out"
        for ($i = 0; $i -lt 100 -and -not (Test-Path $agentSocket); $i++) { Start-Sleep -Milliseconds 50 }
        Set-Content "$work/askpass" "#!/bin/sh`nprintf '%s\n' '$($env.KEY_PASSPHRASE)'"
        & chmod 0700 "$work/askpass"
        & env "SSH_AUTH_SOCK=$agentSocket" "SSH_ASKPASS=$work/askpass" SSH_ASKPASS_REQUIRE=force DISPLAY=:0 /usr/bin/ssh-add $env.KEY_PASS 2>&1 | Out-Null
        if ($LASTEXITCODE -ne 0) { throw 'ssh-add failed' }
        $script:savedSock = $env:SSH_AUTH_SOCK
        $env:SSH_AUTH_SOCK = $agentSocket

        function script:BastionLogins { @(Select-String -Path "$work/bastion.log" -Pattern 'Accepted publickey' -ErrorAction SilentlyContinue).Count }
    }

    AfterAll {
        $env:SSH_AUTH_SOCK = $savedSock
        if ($agent) { Stop-Process -Id $agent.Id -ErrorAction SilentlyContinue }
        & bash "$PSScriptRoot/../ssh/jump-harness.sh" stop $work | Out-Null
        Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
    }

    It 'ssh itself reaches the nodes with this config (the premise)' {
        $r = & /usr/bin/ssh -F $config worker-2 'echo reached' 2>&1
        $r | Should -Be 'reached'
    }

    It 'audits every node through the bastion with one connection to it, the key coming from the agent' {
        $before = BastionLogins
        $rows = Test-CisKubelet421 -ComputerName worker-1, worker-2 -SshConfigPath $config -RemoteRoot $tree | Sort-Object ComputerName
        $rows.ComputerName | Should -Be 'worker-1', 'worker-2'
        $rows.Status | Should -Be 'Pass', 'Pass'
        $rows.Transport | Should -Be 'SSH', 'SSH'
        (BastionLogins) - $before | Should -Be 1
    }

    It 'takes -JumpHost, -UserName and -Port over what ssh_config says' {
        $r = Get-KubeletAnonymousAuth -ComputerName $env.NODE1 -SshConfigPath $config -RemoteRoot $tree -JumpHost "$($env.USER)@127.0.0.1:$($env.BASTION_PORT)" -UserName $env.USER -Port 22
        $r.Enabled | Should -BeFalse
        $r.ComputerName | Should -Be $env.NODE1
    }

    It 'reports a bastion with a changed host key once per node, naming the bastion' {
        $bad = "$work/known_hosts_bad"
        @(
            KnownHostsLine "[127.0.0.1]:$($env.BASTION_PORT)" $env.OTHER_HOST_KEY_PUB
            Get-Content $knownHosts | Select-Object -Skip 1
        ) | Set-Content $bad
        $rows = Test-CisKubelet421 -ComputerName worker-1, worker-2 -SshConfigPath $config -RemoteRoot $tree -KnownHostsPath $bad -ErrorAction SilentlyContinue
        $rows.Status | Should -Be 'Error', 'Error'
        $rows.ErrorId | Should -Be 'HostKeyChanged', 'HostKeyChanged'
        $rows | ForEach-Object { $_.Reason | Should -Match "jump host 127\.0\.0\.1:$($env.BASTION_PORT)" }
    }

    It 'reports a bastion that is down as one quick error per node' {
        & bash "$PSScriptRoot/../ssh/jump-harness.sh" bastion-down $work | Out-Null
        try {
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $rows = Test-CisKubelet421 -ComputerName worker-1, worker-2 -SshConfigPath $config -RemoteRoot $tree | Sort-Object ComputerName
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 10
            $rows.ErrorId | Should -Be 'ConnectionRefused', 'ConnectionRefused'
        }
        finally {
            & bash "$PSScriptRoot/../ssh/jump-harness.sh" bastion-up $work | Out-Null
        }
    }

    It 'changes and restores a node behind the bastion the same way' {
        $copy = "$work/tree-set"
        Copy-Item -Recurse "$repo/tests/fixtures/nodes/flags-only-default" $copy
        & chmod -R a+rwX $copy
        $set = Set-KubeletAnonymousAuth -ComputerName worker-1 -SshConfigPath $config -RemoteRoot $copy -Enabled $false -Force -Confirm:$false -ErrorAction SilentlyContinue
        $set.Transport | Should -Be 'SSH'
        $set.ErrorId | Should -Not -BeIn 'ConnectionRefused', 'HostUnreachable', 'AuthenticationFailed', 'HostKeyChanged', 'HostKeyUnknown'
        $restore = Restore-KubeletAnonymousAuth -ComputerName worker-1 -SshConfigPath $config -RemoteRoot $copy -Confirm:$false -ErrorAction SilentlyContinue
        $restore.Transport | Should -Be 'SSH'
        $restore.ErrorId | Should -Not -BeIn 'ConnectionRefused', 'HostUnreachable', 'AuthenticationFailed', 'HostKeyChanged', 'HostKeyUnknown'
    }

    It 'closes its connection to the bastion when Set- and Restore- end, as the audit does' {
        # This process's TCP connections to the bastion, as the kernel lists them.
        function BastionSockets { @(& ss -Htnp state established "( dport = :$($env.BASTION_PORT) )" | Where-Object { $_ -match "pid=$PID," }).Count }
        $copy = "$work/tree-close"
        Copy-Item -Recurse "$repo/tests/fixtures/nodes/flags-only-default" $copy
        & chmod -R a+rwX $copy
        $null = Test-CisKubelet421 -ComputerName worker-1 -SshConfigPath $config -RemoteRoot $copy
        BastionSockets | Should -Be 0 -Because 'the audit disposes its jump-host connection'
        $null = Set-KubeletAnonymousAuth -ComputerName worker-1 -SshConfigPath $config -RemoteRoot $copy -Enabled $false -Confirm:$false -ErrorAction SilentlyContinue
        BastionSockets | Should -Be 0 -Because 'Set- disposes its jump-host connection'
        $null = Restore-KubeletAnonymousAuth -ComputerName worker-1 -SshConfigPath $config -RemoteRoot $copy -Confirm:$false -ErrorAction SilentlyContinue
        BastionSockets | Should -Be 0 -Because 'Restore- disposes its jump-host connection'
    }

    It 'warns once per run about a keyword OpenSSH does not know, and goes on' {
        $cfg = "$work/ssh_config_unknown"
        (Get-Content $config -Raw) + "`nHost *`n  NotAKeyword yes`n" | Set-Content $cfg
        $rows = Test-CisKubelet421 -ComputerName worker-1, worker-2 -SshConfigPath $cfg -RemoteRoot $tree -WarningVariable w -WarningAction SilentlyContinue
        $rows.Status | Should -Be 'Pass', 'Pass'
        @($w | Where-Object { "$_" -match 'notakeyword' }).Count | Should -Be 1
    }

    It 'says which ssh_config line it cannot use' {
        $odd = "$work/ssh_config_exec"
        "Match exec `"true`"`n  User nobody" | Set-Content $odd
        $r = Test-CisKubelet421 -ComputerName worker-1 -SshConfigPath $odd -RemoteRoot $tree -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -BeLike 'SshConfigInvalid*'
        $err[0].Exception.Message | Should -Match 'line 1: Match exec is not supported'
    }

    It 'ignores ssh_config with -NoSshConfig (the node is then reached directly, which the namespace prevents)' {
        (Test-CisKubelet421 -ComputerName $env.NODE1 -SshConfigPath $config -RemoteRoot $tree).Status | Should -Be 'Pass'
        $r = Test-CisKubelet421 -ComputerName $env.NODE1 -SshConfigPath $config -NoSshConfig -RemoteRoot $tree -ConnectTimeout 3 -KeyFilePath $env.KEY -KnownHostsPath $knownHosts -UserName $env.USER
        $r.Status | Should -Be 'Error'
        $r.ErrorId | Should -Be 'HostUnreachable'
    }
}

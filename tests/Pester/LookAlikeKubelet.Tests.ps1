# The attack of issue 10, item 1, for real on this machine: an unprivileged user starts
# `exec -a kubelet ./x --config=/tmp/mine/kubelet.yaml`, plants a symlink to a root file beside that config and a
# forged backup for it. The audit must not believe the process, and Restore- must not write through the link.
BeforeDiscovery {
    $script:isRoot = (id -u) -eq '0'
}

BeforeAll {
    Import-Module $env:KUBELETCOMPLIANCE_MODULE -Force

    function Start-AsKubelet([string] $Program, [string] $Config, [string] $User) {
        # exec -a sets argv[0]: the process looks exactly like a kubelet started with --config.
        $words = @('bash', '-c', 'cd "${1%/*}" && exec -a kubelet "$0" --config="$1"', $Program, $Config)
        if ($User) { $words = @('setpriv', "--reuid=$User", "--regid=$User", '--clear-groups') + $words }
        $start = [Diagnostics.ProcessStartInfo]::new($words[0])
        foreach ($w in $words[1..($words.Count - 1)]) { $start.ArgumentList.Add($w) }
        $start.UseShellExecute = $false
        # The stand-in ends when its standard input closes, so it dies with this test run.
        $start.RedirectStandardInput = $true
        $start.RedirectStandardOutput = $true
        $process = [Diagnostics.Process]::Start($start)
        $line = $process.StandardOutput.ReadLineAsync()
        if (-not $line.Wait(30000) -or -not $line.Result.StartsWith('PID=')) { $process.Kill(); throw "The stand-in kubelet did not start." }
        [pscustomobject]@{ Process = $process; Pid = [int]$line.Result.Substring(4) }
    }

    function Stop-AsKubelet($Started) {
        if ($Started -and -not $Started.Process.HasExited) {
            $Started.Process.StandardInput.Close()
            if (-not $Started.Process.WaitForExit(10000)) { $Started.Process.Kill() }
        }
    }
}

Describe 'A user process posing as the kubelet (exec -a kubelet ./x --config=/tmp/mine/kubelet.yaml)' -Skip:(-not $isRoot -and $env:CI -ne 'true') {
    BeforeAll {
        $repo = (Resolve-Path "$PSScriptRoot/../..").Path
        $script:standIns = Join-Path $repo 'out/standins'
        $log = & dotnet build (Join-Path $repo 'tests/StandIns/KubeletCompliance.StandIns.csproj') -c Release -o $standIns --nologo -v q 2>&1
        if ($LASTEXITCODE -ne 0) { throw "Building the stand-ins failed: $log" }

        $script:user = 'kctrustmallory'
        & getent passwd $user *> $null
        if ($LASTEXITCODE -ne 0) { & useradd --system --no-create-home --shell /usr/sbin/nologin $user; if ($LASTEXITCODE -ne 0) { throw 'useradd failed' } }

        $script:work = Join-Path '/tmp' ('kc-trust-' + [guid]::NewGuid().ToString('N'))
        $script:mine = Join-Path $work 'mine'
        New-Item -ItemType Directory $mine | Out-Null
        & chmod 0755 $work
        # The attacker's ./x: any program of theirs that keeps running; here a copy of the stand-in.
        Copy-Item "$standIns/*" $mine -Recurse
        Move-Item (Join-Path $mine 'KubeletCompliance.StandIns') (Join-Path $mine 'x')
        Set-Content (Join-Path $mine 'kubelet.yaml') "apiVersion: kubelet.config.k8s.io/v1beta1`nkind: KubeletConfiguration`nauthentication:`n  anonymous:`n    enabled: false`n"

        # Root's files the attack aims at: one to overwrite, one to delete.
        $script:victim = Join-Path '/var/tmp' ('kc-trust-victim-' + [guid]::NewGuid().ToString('N'))
        $script:victimToDelete = "$victim-delete"
        Set-Content $victim 'root data'
        Set-Content $victimToDelete 'root data'
        $stamp = '99991231T235959999Z'
        Set-Content (Join-Path $mine "pwn.kcbak-$stamp") 'attacker data'
        New-Item -ItemType File (Join-Path $mine "gone.kcbak-$stamp.absent") | Out-Null
        & chown -R "${user}:${user}" $mine
        # The links are the user's own, made by the user.
        & setpriv "--reuid=$user" "--regid=$user" --clear-groups ln -s $victim (Join-Path $mine 'pwn')
        & setpriv "--reuid=$user" "--regid=$user" --clear-groups ln -s $victimToDelete (Join-Path $mine 'gone')

        $script:fake = Start-AsKubelet (Join-Path $mine 'x') (Join-Path $mine 'kubelet.yaml') $user
    }

    AfterAll {
        Stop-AsKubelet $fake
        Remove-Item -Recurse -Force $work, $victim, $victimToDelete -ErrorAction SilentlyContinue
    }

    It 'the audit does not believe it: no forged Pass, and the row names the ignored process' {
        $row = Test-CisKubelet421
        $row.Status | Should -Not -Be 'Pass'
        $row.IgnoredProcesses | Should -Match "pid $($fake.Pid) \(x\) runs as uid \d+"
        $row.Reason | Should -Match "pid $($fake.Pid) "
        (Get-KubeletAnonymousAuth -ErrorAction SilentlyContinue).ConfigPath | Should -Not -Be (Join-Path $mine 'kubelet.yaml')
    }

    It 'Restore- neither overwrites nor deletes a root file through its planted links and forged backups' {
        Restore-KubeletAnonymousAuth -Confirm:$false -ErrorAction SilentlyContinue | Out-Null
        Get-Content $victim | Should -Be 'root data'
        Get-Content $victimToDelete | Should -Be 'root data'
    }

    Context 'while the real kubelet (a root process from a root-owned executable) runs at a higher pid' {
        BeforeAll {
            $real = Join-Path $work 'real'
            New-Item -ItemType Directory $real | Out-Null
            $script:realConfig = Join-Path $real 'config.yaml'
            Set-Content $realConfig "apiVersion: kubelet.config.k8s.io/v1beta1`nkind: KubeletConfiguration`nauthentication:`n  anonymous:`n    enabled: true`n"
            $script:kubelet = Start-AsKubelet (Join-Path $standIns 'KubeletCompliance.StandIns') $realConfig $null
        }

        AfterAll { Stop-AsKubelet $kubelet }

        It 'the audit judges the real kubelet and says the look-alike was ignored' {
            $kubelet.Pid | Should -BeGreaterThan $fake.Pid
            $setting = Get-KubeletAnonymousAuth
            $setting.Basis | Should -Be 'Process'
            $setting.ConfigPath | Should -Be $realConfig
            $setting.Enabled | Should -BeTrue
            $setting.IgnoredProcesses | Should -Match "pid $($fake.Pid) "
            (Test-CisKubelet421).Status | Should -Be 'Fail'
        }

        It 'Restore- still leaves the root files alone' {
            Restore-KubeletAnonymousAuth -Confirm:$false -ErrorAction SilentlyContinue | Out-Null
            Get-Content $victim | Should -Be 'root data'
            Get-Content $victimToDelete | Should -Be 'root data'
        }
    }
}

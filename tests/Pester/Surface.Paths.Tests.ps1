# The module as a PowerShell user meets it: paths and pipeline binding (issue 12.1, 12.2).
# Every test runs the built module in a fresh pwsh whose current folder is a scratch folder, not the repository, as a
# user's prompt would be.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Surface.Common.ps1')
}

AfterAll {
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}

Describe 'Paths resolve as PowerShell paths (issue 12.1)' {
    It 'reads -KeyFilePath from ~, the current folder and PSDrives, and refuses a missing key once, before any connection' {
        Set-Content "$work/home/id_test" 'not a key' 
        Set-Content "$work/here_key" 'not a key'
        $r = Invoke-Fresh @'
$home_ = Test-CisKubelet421 -ComputerName 127.0.0.1:1 -KeyFilePath ~/id_test -ConnectTimeout 2
$relative = Test-CisKubelet421 -ComputerName 127.0.0.1:1 -KeyFilePath ./here_key -ConnectTimeout 2
New-PSDrive -Name keys -PSProvider FileSystem -Root (Join-Path $PWD home) | Out-Null
$drive = Test-CisKubelet421 -ComputerName 127.0.0.1:1 -KeyFilePath keys:/id_test -ConnectTimeout 2
$missing = try { Test-CisKubelet421 -ComputerName 127.0.0.1:1, 127.0.0.1:2, 127.0.0.1:3 -KeyFilePath ./absent -ErrorAction Stop; 'no error' } catch { [pscustomobject]@{ Id = $_.FullyQualifiedErrorId; Message = "$_" } }
[pscustomobject]@{ Home = $home_.Reason; Relative = $relative.Reason; Drive = $drive.Reason; Missing = $missing }
'@
        # Each key was found where PowerShell says the path is (and then turned out not to be a key).
        $r.Home | Should -BeLike "*'$work/home/id_test'*"
        $r.Relative | Should -BeLike "*'$work/here_key'*"
        $r.Drive | Should -BeLike "*'$work/home/id_test'*"
        $r.Missing.Id | Should -BeLike 'KeyFileNotFound,*'
        $r.Missing.Message | Should -BeLike "*$work/absent*"
    }

    It 'refuses a key file that is a folder or a FIFO as KeyFileUnreadable, at once and before any connection' {
        # As root, chmod 000 would not stop the read: a folder and a FIFO are what root cannot read as a key. A FIFO
        # with no writer blocks whoever opens it, so each call runs in a runspace the script waits on for 15 s at most.
        New-Item -ItemType Directory -Force "$work/key-folder" | Out-Null
        & mkfifo "$work/key-fifo"
        $r = Invoke-Fresh @'
$listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
$listener.Start()
$port = $listener.LocalEndpoint.Port
foreach ($key in './key-folder', './key-fifo') {
    $ps = [powershell]::Create()
    $null = $ps.AddScript("Set-Location '$PWD'; Import-Module '$((Get-Module KubeletCompliance).Path)'; try { Test-CisKubelet421 -ComputerName 127.0.0.1:$port -Credential ([pscredential]::new('u', (ConvertTo-SecureString 'p' -AsPlainText -Force))) -KeyFilePath $key -ErrorAction Stop; 'no error' } catch { `$_.FullyQualifiedErrorId; `"`$_`" }")
    $handle = $ps.BeginInvoke()
    $finished = $handle.AsyncWaitHandle.WaitOne(15000)
    if (-not $finished) {
        # Hung on the FIFO: give the blocked open() a writer, and stop the runspace without waiting for it.
        [System.IO.File]::OpenWrite((Resolve-Path $key).Path).Dispose()
        $null = $ps.BeginStop($null, $null)
    }
    $out = if ($finished) { @($ps.EndInvoke($handle)) } else { @('hung', '') }
    [pscustomobject]@{ Key = $key; Finished = $finished; Id = "$($out[0])"; Message = "$($out[1])"; Connected = $listener.Pending() }
}
$listener.Stop()
'@
        foreach ($case in $r) {
            $case.Finished | Should -BeTrue -Because "$($case.Key) must not hang the command"
            $case.Id | Should -BeLike 'KeyFileUnreadable,*' -Because "$($case.Key) exists but is no key file"
            $case.Connected | Should -BeFalse -Because 'the key is checked before any connection'
        }
        $r[0].Message | Should -Match 'folder'
        $r[1].Message | Should -Match 'not a regular file'
    }

    It 'reads -Root relative to the current folder and through PSDrives' {
        $r = Invoke-Fresh @'
New-PSDrive -Name img -PSProvider FileSystem -Root (Join-Path $PWD images) | Out-Null
(Test-CisKubelet421 -Root ./images/kubeadm-current).Status
(Test-CisKubelet421 -Root img:/kubeadm-current).Root
'@
        $r[0] | Should -Be 'Pass'
        $r[1] | Should -Be "$work/images/kubeadm-current"
    }
}

Describe 'Pipeline binding by property name (issue 12.2)' {
    It 'binds objects with a Root, folders and Select-Object FullName to -Root, never to -ComputerName' {
        $r = Invoke-Fresh @'
$a = [pscustomobject]@{ Root = './images/kubeadm-current' } | Test-CisKubelet421
$b = Get-ChildItem ./images -Directory | Select-Object FullName | Test-CisKubelet421
$c = Get-ChildItem ./images -Directory | Test-CisKubelet421
[pscustomobject]@{ A = "$($a.Transport) $($a.Status)"; B = @($b.Transport | Sort-Object -Unique); BCount = @($b).Count; C = @($c.Transport | Sort-Object -Unique); CCount = @($c).Count }
'@
        $r.A | Should -Be 'Root Pass'
        $r.B | Should -Be 'Root'
        $r.BCount | Should -Be 3
        $r.C | Should -Be 'Root'
        $r.CCount | Should -Be 3
    }

    It 'sends Import-Csv rows back to the same nodes: image rows by Root, SSH rows by ComputerName, local rows to this node' {
        $r = Invoke-Fresh @'
$rows = @(Get-ChildItem ./images -Directory | Test-CisKubelet421) + @(Test-CisKubelet421 -ComputerName 127.0.0.1:1 -Credential $credential -ConnectTimeout 2) + @(Test-CisKubelet421)
$rows | Export-Csv ./report.csv
$again = Import-Csv ./report.csv | Select-Object ComputerName, Root | Test-CisKubelet421 -ThrottleLimit 4 -WarningAction SilentlyContinue
$again | ForEach-Object { [pscustomobject]@{ ComputerName = $_.ComputerName; Root = $_.Root; Transport = $_.Transport } }
'@
        ($r | Where-Object Transport -eq 'Root').Root | Sort-Object | Should -Be @("$work/images/kubeadm-1.10", "$work/images/kubeadm-current", "$work/images/openshift4")
        ($r | Where-Object Transport -eq 'SSH').ComputerName | Should -Be '127.0.0.1:1'
        ($r | Where-Object Transport -eq 'Local').Root | Should -Be '/'
        $r.Count | Should -Be 5
    }

    It 'binds only strings by value to -ComputerName; an object without a node property gets a row saying so' {
        $r = Invoke-Fresh @'
$s = '127.0.0.1:1' | Test-CisKubelet421 -Credential $credential -ConnectTimeout 2
$o = [pscustomobject]@{ Foo = 1 } | Test-CisKubelet421 -ErrorAction SilentlyContinue
[pscustomobject]@{ S = "$($s.Transport) $($s.ComputerName)"; O = $o.ErrorId }
'@
        $r.S | Should -Be 'SSH 127.0.0.1:1'
        $r.O | Should -Be 'ComputerNameNotText'
    }
}

# The module as a PowerShell user meets it: compliant managed nodes and messages a user can act on (issue 12.8, 12.9).
# Every test runs the built module in a fresh pwsh whose current folder is a scratch folder, not the repository, as a
# user's prompt would be.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Surface.Common.ps1')
}

AfterAll {
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}

Describe 'Compliant managed nodes and actionable messages (issues 12.8, 12.9)' {
    It 'reports NoChange, not Refused, for an OpenShift node that already passes' {
        $r = Invoke-Fresh @'
Set-KubeletAnonymousAuth -Root ./images/openshift4 -Enabled $false -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue | ForEach-Object { [pscustomobject]@{ Status = $_.Status; Errors = $failed.Count } }
'@
        $r.Status | Should -Be 'NoChange'
        $r.Errors | Should -Be 0
    }

    It 'says what to do about two kubelets or an unreadable process, and that a probe of an image was not attempted' {
        $r = Invoke-Fresh @"
`$two = Test-CisKubelet421 -Root '$repo/tests/fixtures/nodes/two-kubelets'
`$unreadable = Test-CisKubelet421 -Root '$repo/tests/fixtures/nodes/kubelet-unreadable'
`$probe = Test-CisKubelet421 -Root ./images/kubeadm-current -Probe
[pscustomobject]@{ Two = `$two.Remediation; Unreadable = `$unreadable.Remediation; ProbeStatus = `$probe.ProbeStatus; ProbeVerdict = `$probe.ProbeVerdict }
"@
        $r.Two | Should -Match 'Stop the stray kubelet'
        $r.Unreadable | Should -Match 'privilege to read /proc'
        $r.ProbeStatus | Should -Match '^NotAttempted: .*-ProbeAddress'
        $r.ProbeVerdict | Should -BeNullOrEmpty
    }

    It 'tells node paths, never the folder the image is mounted at, when a file cannot be read or written' {
        $r = Invoke-Fresh @'
function New-Image([string] $name, [string] $enabled) {
    New-Item -ItemType Directory -Force "$name/etc/systemd/system", "$name/var/lib/kubelet" | Out-Null
    Set-Content "$name/etc/systemd/system/kubelet.service" "[Service]`nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml`n"
    if ($enabled) { Set-Content "$name/var/lib/kubelet/config.yaml" "apiVersion: kubelet.config.k8s.io/v1beta1`nkind: KubeletConfiguration`nauthentication:`n  anonymous:`n    enabled: $enabled`n" }
}
# A Unix socket where the config file should be: open() fails (ENXIO) even for root. It exists while this socket is open.
New-Image ./socket-image $null
$socket = [System.Net.Sockets.Socket]::new('Unix', 'Stream', 'Unspecified')
$socket.Bind([System.Net.Sockets.UnixDomainSocketEndPoint]::new("$PWD/socket-image/var/lib/kubelet/config.yaml"))
$audit = Test-CisKubelet421 -Root ./socket-image
$socket.Dispose()
$write = $null
if ((id -u) -eq 0) {
    # An image on a read-only mount: the backup cannot be written.
    New-Item -ItemType Directory -Force ./ro-image | Out-Null
    mount -t tmpfs -o size=1m tmpfs ./ro-image
    try {
        New-Image ./ro-image 'true'
        mount -o remount,ro ./ro-image
        $row = Set-KubeletAnonymousAuth -Root ./ro-image -Enabled $false -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable failed
        $write = [pscustomobject]@{ Reason = $row.Reason; Error = "$($failed[0])"; ErrorId = $row.ErrorId }
    } finally {
        umount ./ro-image
    }
}
[pscustomobject]@{ AuditReason = $audit.Reason; AuditId = $audit.ErrorId; Write = $write }
'@
        $r.AuditId | Should -Be 'ConfigFileUnreadable'
        $r.AuditReason | Should -Match ' /var/lib/kubelet/config\.yaml '
        $r.AuditReason | Should -Not -Match ([regex]::Escape($work))
        if ($r.Write) {
            $r.Write.ErrorId | Should -Be 'BackupFailed'
            $r.Write.Reason | Should -Match '/var/lib/kubelet/config\.yaml\.kcbak-\d+T\d+Z: Read-only file system'
            $r.Write.Reason | Should -Not -Match ([regex]::Escape($work))
            $r.Write.Error | Should -Not -Match ([regex]::Escape("$work/ro-image/"))
        }
    }

    It 'points a config syntax or type error at the line and column of the node file' {
        $r = Invoke-Fresh @'
function New-Image([string] $name, [string] $config) {
    New-Item -ItemType Directory -Force "$name/etc/systemd/system", "$name/var/lib/kubelet" | Out-Null
    Set-Content "$name/etc/systemd/system/kubelet.service" "[Service]`nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml`n"
    [System.IO.File]::WriteAllText("$PWD/$name/var/lib/kubelet/config.yaml", $config)
}
# JSON with a missing comma after line 2; CRLF line ends and a comment line before it must not shift the count.
New-Image ./json-image "{`"apiVersion`": `"kubelet.config.k8s.io/v1beta1`",`r`n `"kind`": `"KubeletConfiguration`"`r`n `"authentication`": {}}`r`n"
New-Image ./type-image "# written by hand`napiVersion: kubelet.config.k8s.io/v1beta1`nkind: KubeletConfiguration`nauthentication:`n  anonymous:`n    enabled: maybe`n"
foreach ($image in './json-image', './type-image') { $row = Test-CisKubelet421 -Root $image; [pscustomobject]@{ Id = $row.ErrorId; Reason = $row.Reason } }
'@
        $r[0].Id | Should -Be 'ConfigSyntaxError'
        $r[0].Reason | Should -Match '/var/lib/kubelet/config\.yaml is not valid YAML or JSON \(line 3, column 2\)'
        $r[1].Id | Should -Be 'ConfigWrongType'
        $r[1].Reason | Should -Match "'authentication\.anonymous\.enabled' \(line 6, column 14\) is 'maybe'"
    }

    It 'says a listener that is not SSH (a web server, a socket sending noise) is not an SSH server' {
        $r = Invoke-Fresh @'
$http = [System.Net.HttpListener]::new()
$httpPort = Get-Random -Minimum 20000 -Maximum 40000
$http.Prefixes.Add("http://127.0.0.1:$httpPort/")
$http.Start()
$null = Start-ThreadJob { param($h) while ($h.IsListening) { try { $c = $h.GetContext(); $c.Response.StatusCode = 404; $c.Response.Close() } catch { break } } } -ArgumentList $http
$noise = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
$noise.Start()
$null = Start-ThreadJob { param($l) while ($true) { try { $c = $l.AcceptTcpClient() } catch { break }; $b = [byte[]]::new(300); [Random]::new(1).NextBytes($b); $c.GetStream().Write($b, 0, $b.Length); Start-Sleep -Milliseconds 200; $c.Close() } } -ArgumentList $noise
$rows = Test-CisKubelet421 -ComputerName "127.0.0.1:$httpPort", "127.0.0.1:$($noise.LocalEndpoint.Port)" -Credential $credential -ConnectTimeout 10
$http.Stop()
$noise.Stop()
$rows | ForEach-Object { [pscustomobject]@{ Id = $_.ErrorId; Reason = $_.Reason; Remediation = $_.Remediation } }
'@
        $r.Count | Should -Be 2
        foreach ($row in $r) {
            $row.Id | Should -Be 'NotSshServer'
            $row.Reason | Should -Match 'accepted the connection but is not an SSH server'
            $row.Remediation | Should -Match 'Check the port'
        }
    }

    It 'never suggests -Restart in -Root rows, where Set- refuses it' {
        $r = Invoke-Fresh @"
# cp -a keeps the fixtures' symlinks as links (a /proc/<pid>/cwd -> / copy would be the whole machine).
cp -a '$repo/tests/fixtures/nodes' ./restart-hints
`$audits = Get-ChildItem ./restart-hints -Directory | Test-CisKubelet421 -WarningAction SilentlyContinue
`$changes = `$audits | Where-Object Status -eq Fail | Set-KubeletAnonymousAuth -Enabled `$false -Confirm:`$false -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
`$refused = Set-KubeletAnonymousAuth -Root ./restart-hints/kubeadm-current -Enabled `$false -Restart -Confirm:`$false -ErrorAction SilentlyContinue
[pscustomobject]@{
    Suggesting = @(`$audits + `$changes | Where-Object { "`$(`$_.Reason) `$(`$_.Remediation)" -match '-Restart' } | ForEach-Object { "`$(`$_.Root): `$(`$_.Reason) `$(`$_.Remediation)" })
    Changed = @(`$changes | Where-Object Status -eq Changed).Count
    Refused = "`$(`$refused.Status) `$(`$refused.ErrorId)"
}
"@
        $r.Refused | Should -Be 'Refused RestartNeedsLiveNode'
        $r.Changed | Should -BeGreaterThan 5
        $r.Suggesting | Should -BeNullOrEmpty
    }

    It 'keeps the audit''s own error id when Set- refuses a malformed config' {
        $r = Invoke-Fresh @'
New-Item -ItemType Directory -Force ./broken/etc/systemd/system, ./broken/var/lib/kubelet | Out-Null
Set-Content ./broken/etc/systemd/system/kubelet.service "[Service]`nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml`n"
Set-Content ./broken/var/lib/kubelet/config.yaml "apiVersion: kubelet.config.k8s.io/v1beta1`nkind: KubeletConfiguration`nauthentication: [`n"
(Set-KubeletAnonymousAuth -Root ./broken -Enabled $false -Confirm:$false -ErrorAction SilentlyContinue).ErrorId
'@
        $r | Should -Be 'ConfigSyntaxError'
    }
}

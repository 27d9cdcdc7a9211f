# This machine as a live node, the way a user runs the module on one (no -Root): a kubelet.service on disk and a
# running kubelet (the stand-in started by root as `kubelet <flags>`, which the node vouches for), both inside a
# fresh pwsh that has its own mount and PID namespaces (unshare), so nothing else on the machine sees either.
BeforeDiscovery {
    $script:canUnshare = (id -u) -eq '0' -and [bool](Get-Command unshare -ErrorAction Ignore)
}

BeforeAll {
    . "$PSScriptRoot/StandIns.ps1"
    $script:kubeletProgram = [IO.Path]::ChangeExtension((Get-StandInDll), $null).TrimEnd('.')

    # Runs $Script on the live node and gives back its output lines (host output, What if lines and errors included).
    function Invoke-OnLiveNode([string] $Unit, [string] $KubeletFlags, [string] $Script) {
        $work = Join-Path ([IO.Path]::GetTempPath()) ('kc-live-' + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory $work | Out-Null
        $file = Join-Path $work 'node.ps1'
        @"
`$ErrorActionPreference = 'Stop'
& mount -t tmpfs kc-live /etc/systemd/system
if (`$LASTEXITCODE -ne 0) { throw 'mount failed' }
Set-Content /etc/systemd/system/kubelet.service @'
$Unit
'@
`$start = [Diagnostics.ProcessStartInfo]::new('bash')
foreach (`$w in @('-c', 'exec -a kubelet "`$0" $KubeletFlags', '$kubeletProgram')) { `$start.ArgumentList.Add(`$w) }
`$start.UseShellExecute = `$false
`$start.RedirectStandardInput = `$true
`$start.RedirectStandardOutput = `$true
`$kubelet = [Diagnostics.Process]::Start(`$start)
if (-not `$kubelet.StandardOutput.ReadLine().StartsWith('PID=')) { throw 'The stand-in kubelet did not start.' }
Import-Module '$env:KUBELETCOMPLIANCE_MODULE'
Set-Location '$work'
`$ErrorActionPreference = 'Continue'
try {
$Script
} finally { `$kubelet.StandardInput.Close(); `$null = `$kubelet.WaitForExit(10000) }
"@ | Set-Content $file
        try {
            $output = & unshare --mount --pid --fork --mount-proc dotnet $env:KUBELETCOMPLIANCE_PWSH -NoProfile -NonInteractive -File $file 2>&1 | ForEach-Object { "$_" }
            if ($LASTEXITCODE -ne 0) { throw "The live node's pwsh failed with exit code ${LASTEXITCODE}:`n$($output -join "`n")" }
            return $output
        } finally {
            Remove-Item -Recurse -Force $work
        }
    }
}

Describe 'Set-KubeletAnonymousAuth on this node with a running kubelet' -Skip:(-not $canUnshare -and $env:CI -ne 'true') {
    It '-Restart -WhatIf for a node whose files are right but whose kubelet still runs the old value is WhatIf, not Declined' {
        $unit = "[Service]`nExecStart=/usr/bin/kubelet --anonymous-auth=false"
        $out = Invoke-OnLiveNode $unit '--anonymous-auth=true' @'
(Test-CisKubelet421).PendingRestart
Set-KubeletAnonymousAuth -Enabled $false -Restart -WhatIf | ForEach-Object { "ROW $($_.Status) | $($_.Reason)" }
'@
        $out[0] | Should -Be 'True'
        $out | Should -Contain ('What if: Performing the operation "Restart kubelet.service" on target "' + (hostname) + '".')
        $row = $out | Where-Object { $_.StartsWith('ROW ') }
        $row | Should -Be 'ROW WhatIf | What if: kubelet.service would be restarted; nothing was written.'
    }

    It '-Restart -WhatIf for a node whose files need the change names the files and the restart' {
        $unit = "[Service]`nExecStart=/usr/bin/kubelet --anonymous-auth=true"
        $out = Invoke-OnLiveNode $unit '--anonymous-auth=true' @'
Set-KubeletAnonymousAuth -Enabled $false -Restart -WhatIf | ForEach-Object { "ROW $($_.Status) | $($_.Reason)" }
'@
        $out | Where-Object { $_.StartsWith('ROW ') } |
            Should -Be 'ROW WhatIf | What if: /etc/systemd/system/kubelet.service would change and kubelet.service would be restarted; nothing was written.'
    }
}

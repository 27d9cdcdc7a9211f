# Run by Measure-FleetAudit.sh in a fresh "dotnet pwsh", so the figures include what a user pays: process start,
# module import, and the audit. Prints the audit's own time separately to tell start-up cost from per-node cost.
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $TargetsFile,
    [Parameter(Mandatory)] [string] $KeyFile,
    [Parameter(Mandatory)] [string] $KnownHosts,
    [Parameter(Mandatory)] [string] $Root,
    [int] $ThrottleLimit = 32,
    # Measure-JumpFleet.sh: every node through this bastion (ProxyJump).
    [string] $JumpHost
)
$ErrorActionPreference = 'Stop'
$sw = [Diagnostics.Stopwatch]::StartNew()
Import-Module $ModulePath
$importSeconds = $sw.Elapsed.TotalSeconds
$targets = [string[]] (Get-Content $TargetsFile)
$counts = @{}
$first = $null
# The same connect deadline as the OpenSSH baseline's ConnectTimeout 30.
$jump = if ($JumpHost) { @{ JumpHost = $JumpHost; NoSshConfig = $true; ConnectTimeout = 30 } } else { @{} }
$sw.Restart()
# Counted as they stream out rather than collected, so the process holds no more results than the cmdlet does.
Test-CisKubelet421 -ComputerName $targets -KeyFilePath $KeyFile -KnownHostsPath $KnownHosts -AcceptNewHostKey `
    -RemoteRoot $Root -ThrottleLimit $ThrottleLimit @jump -ProgressAction SilentlyContinue -ErrorAction Continue |
    ForEach-Object {
        if ($null -eq $first) { $first = $sw.Elapsed.TotalSeconds }
        $counts[$_.Status] = 1 + [int] $counts[$_.Status]
        if ($_.Status -eq 'Error' -and [int] $counts['Error'] -le 3) { Write-Host "error: $($_.ComputerName): $($_.Reason)" }
    }
$auditSeconds = $sw.Elapsed.TotalSeconds
$summary = ($counts.GetEnumerator() | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join ' '
'import_s={0:F3} audit_s={1:F3} first_result_s={2:F3} statuses: {3}' -f $importSeconds, $auditSeconds, $first, $summary

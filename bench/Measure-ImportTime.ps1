<#
.SYNOPSIS
    Measures what importing KubeletCompliance adds to a fresh pwsh, and what the first audit adds on top.
.DESCRIPTION
    Starts pwsh -NoProfile many times for each case and times each process from start to exit:
      bare          pwsh -c 'exit'
      empty module  pwsh -c 'Import-Module <a manifest with nothing in it>; exit': what Import-Module itself costs
      import        pwsh -c 'Import-Module <manifest>; exit'
      first audit   pwsh -c 'Import-Module <manifest>; Test-CisKubelet421 -Root <YAML-configured fixture>; exit'
    The cases take turns, so a machine that slows down or speeds up during the run affects them alike; the first
    round is a discarded warm-up (disk cache, JIT of the host). Prints median and p90 per case and what each adds
    to the case before it.
.EXAMPLE
    dotnet pwsh ./build.ps1; dotnet pwsh ./bench/Measure-ImportTime.ps1 -Repetitions 10
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/KubeletCompliance/KubeletCompliance.psd1'),
    [string] $Root = (Join-Path $PSScriptRoot '../tests/fixtures/nodes/kubeadm-current'),
    [ValidateRange(1, 1000)] [int] $Repetitions = 30
)

$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
$Root = (Resolve-Path $Root).Path
$pwshHost = Join-Path $PSHOME 'pwsh.dll'

$empty = Join-Path ([IO.Path]::GetTempPath()) ('kc-bench-' + [guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Force (Join-Path $empty 'Empty') | Out-Null
Set-Content (Join-Path $empty 'Empty/Empty.psd1') "@{ ModuleVersion = '1.0.0'; FunctionsToExport = @(); CmdletsToExport = @() }"

$cases = [ordered]@{
    'bare'         = 'exit'
    'empty module' = "Import-Module '$empty/Empty/Empty.psd1'; exit"
    'import'       = "Import-Module '$ModulePath'; exit"
    'first audit'  = "Import-Module '$ModulePath'; `$null = Test-CisKubelet421 -Root '$Root'; exit"
}

function Measure-Process([string] $Command) {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    & dotnet $pwshHost -NoProfile -NonInteractive -Command $Command
    $watch.Stop()
    if ($LASTEXITCODE -ne 0) { throw "pwsh -c `"$Command`" failed with exit code $LASTEXITCODE" }
    return $watch.Elapsed.TotalMilliseconds
}

function Get-Percentile([double[]] $Values, [double] $Percent) {
    $sorted = $Values | Sort-Object
    return $sorted[[math]::Max(0, [math]::Ceiling($Percent / 100 * $sorted.Count) - 1)]
}

$times = @{}
foreach ($name in $cases.Keys) { $times[$name] = [Collections.Generic.List[double]]::new() }
try {
    foreach ($name in $cases.Keys) { $null = Measure-Process $cases[$name] }
    for ($i = 1; $i -le $Repetitions; $i++) {
        Write-Progress -Activity 'Measuring import time' -Status "round $i of $Repetitions" -PercentComplete (100 * $i / $Repetitions)
        foreach ($name in $cases.Keys) { $times[$name].Add((Measure-Process $cases[$name])) }
    }
    Write-Progress -Activity 'Measuring import time' -Completed
} finally {
    Remove-Item -Recurse -Force $empty
}

$bare = Get-Percentile $times['bare'] 50
$rows = foreach ($name in $cases.Keys) {
    $median = Get-Percentile $times[$name] 50
    [pscustomobject]@{
        Case                 = $name
        Runs                 = $times[$name].Count
        'Median ms'          = [int] $median
        'p90 ms'             = [int] (Get-Percentile $times[$name] 90)
        'Added to bare (ms)' = [int] ($median - $bare)
    }
}
$rows | Format-Table -AutoSize | Out-Host
Write-Host ("pwsh {0}, {1}, {2} logical processors" -f $PSVersionTable.PSVersion, [Runtime.InteropServices.RuntimeInformation]::FrameworkDescription, [Environment]::ProcessorCount)

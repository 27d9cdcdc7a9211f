<#
.SYNOPSIS
    Shows that Export-CisReport's memory does not grow with the number of rows (issue 16).
.DESCRIPTION
    For each format (JUnit, Sarif, Html; Export-Csv as the streaming baseline every PowerShell user knows; and
    Sort-Object | Export-Csv as a control that must hold every row, to show the method sees retention) and each row
    count, starts a fresh pwsh that imports the built module and pipes N generated CisControlResult rows (a third
    failing, realistic Reason/Remediation/SourcePath text, 9 distributions) into the export. Rows are made one at a
    time inside the pipeline, so nothing but the exporter can hold them. Every N/10 rows the generator forces a full
    garbage collection and records the managed heap that survives it (what is really retained, unlike the working
    set, which also holds garbage-collector slack). Reported per run: the retained heap at the first and last sample
    and its largest value, the process's peak resident set (VmHWM), the wall time, rows/s and the file size.
.EXAMPLE
    dotnet pwsh ./build.ps1; dotnet pwsh -c './bench/Measure-ReportMemory.ps1 -Rows 500, 5000, 50000'
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/KubeletCompliance/KubeletCompliance.psd1'),
    [int[]] $Rows = @(500, 5000, 50000),
    [ValidateSet('JUnit', 'Sarif', 'Html', 'Csv', 'SortedCsv')] [string[]] $Format = @('JUnit', 'Sarif', 'Html', 'Csv', 'SortedCsv'),
    # Internal: run one measurement in this process and print it as JSON.
    [switch] $Inner,
    [string] $OutFile
)

$ErrorActionPreference = 'Stop'

if ($Inner) {
    Import-Module $ModulePath
    $n = $Rows[0]
    $every = [math]::Max(1, [int]($n / 10))
    $samples = [Collections.Generic.List[double]]::new()
    $distributions = 'kubeadm', 'EKS', 'GKE', 'AKS', 'k3s', 'RKE2', 'MicroK8s', 'OpenShift', 'Generic'
    $generate = {
        for ($i = 0; $i -lt $n; $i++) {
            if ($i % $every -eq 0) {
                [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
                $samples.Add([GC]::GetTotalMemory($true) / 1MB)
            }
            $fail = $i % 3 -eq 0
            $row = [KubeletCompliance.CisControlResult]::new()
            $row.ComputerName = "ip-10-{0}-{1}-{2}.eu-west-1.compute.internal" -f ($i -shr 16), (($i -shr 8) -band 255), ($i -band 255)
            $row.ControlId = '4.2.1'
            $row.Title = 'Ensure that the --anonymous-auth argument is set to false (kubelet)'
            $row.Status = if ($fail) { 'Fail' } else { 'Pass' }
            $row.SourcePath = '/var/lib/kubelet/config.yaml'
            $row.Source = 'ConfigFile'
            $row.Reason = if ($fail) { "The kubelet accepts anonymous requests: authentication.anonymous.enabled: true in /var/lib/kubelet/config.yaml (node $i)." } else { 'Anonymous requests are rejected: authentication.anonymous.enabled: false in /var/lib/kubelet/config.yaml.' }
            $row.Remediation = if ($fail) { 'Set authentication.anonymous.enabled: false in /var/lib/kubelet/config.yaml, then restart kubelet.service (Set-KubeletAnonymousAuth -Enabled $false does this).' } else { '' }
            $row.Distribution = $distributions[$i % $distributions.Count]
            $row
        }
    }
    $path = $OutFile
    $watch = [Diagnostics.Stopwatch]::StartNew()
    switch ($Format[0]) {
        'Csv' { & $generate | Export-Csv $path }
        'SortedCsv' { & $generate | Sort-Object ComputerName | Export-Csv $path }
        default { & $generate | Export-CisReport $path -Format $Format[0] }
    }
    $watch.Stop()
    [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
    $samples.Add([GC]::GetTotalMemory($true) / 1MB)
    $hwm = [double](((Get-Content /proc/self/status) -match '^VmHWM:' -split '\s+')[1]) / 1KB
    [ordered]@{
        Format = $Format[0]; Rows = $n; Seconds = $watch.Elapsed.TotalSeconds; RowsPerSecond = $n / $watch.Elapsed.TotalSeconds
        HeapFirstMiB = $samples[0]; HeapLastMiB = $samples[$samples.Count - 2]; HeapMaxMiB = ($samples | Measure-Object -Maximum).Maximum
        HeapAfterMiB = $samples[$samples.Count - 1]; PeakRssMiB = $hwm; FileMiB = (Get-Item $path).Length / 1MB
    } | ConvertTo-Json -Compress
    return
}

$ModulePath = (Resolve-Path $ModulePath).Path
$pwshHost = Join-Path $PSHOME 'pwsh.dll'
$work = Join-Path ([IO.Path]::GetTempPath()) ('kc-bench-report-' + [guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Force $work | Out-Null
$extension = @{ JUnit = 'xml'; Sarif = 'sarif'; Html = 'html'; Csv = 'csv'; SortedCsv = 'csv' }
$label = @{ JUnit = 'Export-CisReport JUnit'; Sarif = 'Export-CisReport Sarif'; Html = 'Export-CisReport Html'; Csv = 'Export-Csv'; SortedCsv = 'Sort-Object \| Export-Csv (control)' }
try {
    $results = foreach ($n in $Rows) {
        foreach ($f in $Format) {
            $file = Join-Path $work "report-$n.$($extension[$f])"
            $json = & dotnet $pwshHost -NoProfile -NonInteractive -File $PSCommandPath -Inner -ModulePath $ModulePath -Rows $n -Format $f -OutFile $file
            if ($LASTEXITCODE -ne 0) { throw "run $f $n failed: $json" }
            $json | ConvertFrom-Json
            Remove-Item $file
        }
    }
    '| format | rows | wall s | rows/s | retained heap MiB (first / last / max sample) | heap after MiB | peak RSS MiB | file MiB |'
    '|---|---:|---:|---:|---|---:|---:|---:|'
    foreach ($r in $results) {
        '| {0} | {1} | {2:0.0} | {3:0} | {4:0.00} / {5:0.00} / {6:0.00} | {7:0.00} | {8:0} | {9:0.0} |' -f $label[$r.Format],
            $r.Rows, $r.Seconds, $r.RowsPerSecond, $r.HeapFirstMiB, $r.HeapLastMiB, $r.HeapMaxMiB, $r.HeapAfterMiB, $r.PeakRssMiB, $r.FileMiB
    }
} finally {
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}

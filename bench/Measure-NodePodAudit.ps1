<#
.SYNOPSIS
    Node-pod audit benchmark (not a test): N nodes behind the API server stand-in with a per-request latency and a
    random pod start time, audited with Test-CisKubelet421 -ReadNodeFiles; wall time against the ideal
    ceil(N / ThrottleLimit) x (mean pod start + exec rounds), API requests per node, peak memory of the pwsh process,
    the managed heap still alive after a full collection once the run is over, CPU seconds of the auditing process
    and of the stand-in (its own and its exec'd children's: unshare, chroot, busybox), and the load average.
.PARAMETER Timeline
    Also records the auditing process's networking events (requests, connections, TLS handshakes) and prints where
    each node's time went: create, until the watch saw Running, exec, delete; and how many handshakes the run made.
.EXAMPLE
    sudo dotnet pwsh bench/Measure-NodePodAudit.ps1 -Nodes 50,500 -Runs 3
#>
param(
    [int[]] $Nodes = @(50, 500),
    [int] $Runs = 1,
    [int] $ThrottleLimit = 32,
    [int] $LatencyMs = 20,
    [int] $PodStartMinMs = 1000,
    [int] $PodStartMaxMs = 3000,
    [switch] $Timeline
)
$ErrorActionPreference = 'Stop'
$repo = (Resolve-Path "$PSScriptRoot/..").Path
. "$repo/tests/Pester/StandIns.ps1"
$module = Join-Path $repo 'out/KubeletCompliance/KubeletCompliance.psd1'
$fixture = Join-Path $repo 'tests/fixtures/nodes/kubeadm-current'

# CPU seconds (user + system) of a process, and of its children it has waited for.
function Get-CpuSeconds([int] $ProcessId) {
    $fields = ((Get-Content "/proc/$ProcessId/stat" -Raw) -replace '^.*\) ', '') -split ' '
    $tick = 100
    [pscustomobject]@{ Own = ([long]$fields[11] + [long]$fields[12]) / $tick; Children = ([long]$fields[13] + [long]$fields[14]) / $tick }
}

function Get-Load { [double]((Get-Content /proc/loadavg) -split ' ')[0] }

foreach ($n in $Nodes) {
    foreach ($run in 1..$Runs) {
        $work = Join-Path ([IO.Path]::GetTempPath()) ("kc-bench-nodepods-" + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory $work | Out-Null
        $list = 1..$n | ForEach-Object { @{ name = "node-$_"; root = $fixture } }
        ConvertTo-Json -Depth 4 -InputObject @($list) | Set-Content "$work/nodes.json"
        $api = Start-StandIn 'apiserver', '--nodes', "$work/nodes.json", '--ca', "$work/ca.crt", '--latency-ms', "$LatencyMs",
            '--pod-start-ms', "$PodStartMinMs-$PodStartMaxMs"
        @"
apiVersion: v1
kind: Config
clusters: [{name: s, cluster: {server: '$($api.URL)', certificate-authority: '$work/ca.crt'}}]
users: [{name: u, user: {token: valid-token}}]
contexts: [{name: s, context: {cluster: s, user: u}}]
current-context: s
"@ | Set-Content "$work/config"

        $trace = if ($Timeline) { "Add-Type -Path '$PSScriptRoot/HttpTrace.cs'; `$trace = [HttpTrace]::new()" } else { '$trace = $null' }
        # A child pwsh, so its peak RSS (VmHWM) and CPU time are this run's alone. Rows are counted as they stream
        # out, not kept, so the heap measured afterwards is what the module itself still holds.
        $script = @"
Import-Module '$module'
$trace
`$counts = @{ Rows = 0; Pass = 0 }
`$nodeVerbose = [Collections.Generic.List[string]]::new()
`$verbose = `$null
`$cpu0 = [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime.TotalSeconds
`$started = if (`$trace) { `$trace.Now } else { 0 }
`$sw = [Diagnostics.Stopwatch]::StartNew()
Test-CisKubelet421 -Kubeconfig '$work/config' -ReadNodeFiles -ThrottleLimit $ThrottleLimit -Verbose -ProgressAction SilentlyContinue 4>&1 | ForEach-Object {
    if (`$_ -is [Management.Automation.VerboseRecord]) {
        if (`$_.Message -like 'API server:*') { `$verbose = `$_.Message } elseif (`$trace) { `$nodeVerbose.Add(`$_.Message) }
    } else {
        `$counts.Rows++
        if (`$_.Status -eq 'Pass') { `$counts.Pass++ }
    }
}
`$sw.Stop()
`$cpu = [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime.TotalSeconds - `$cpu0
[GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
`$heap = [GC]::GetTotalMemory(`$true)
if (`$trace) { `$trace.Dispose(); `$trace.Save('$work/trace.tsv'); `$nodeVerbose | Set-Content '$work/nodes.txt'; "`$started" | Set-Content '$work/started.txt' }
`$hwm = (Get-Content /proc/self/status | Where-Object { `$_ -like 'VmHWM*' }) -replace '\D', ''
[pscustomobject]@{ Seconds = `$sw.Elapsed.TotalSeconds; Rows = `$counts.Rows; Pass = `$counts.Pass; Verbose = `$verbose; PeakMiB = [math]::Round([int]`$hwm / 1024)
    HeapMiB = [math]::Round(`$heap / 1MB, 1); CpuSeconds = [math]::Round(`$cpu, 1) } | ConvertTo-Json -Compress
"@
        $load0 = Get-Load
        $standInCpu0 = Get-CpuSeconds $api.Process.Id
        $out = & dotnet pwsh -NoProfile -NonInteractive -Command $script | Select-Object -Last 1 | ConvertFrom-Json
        $standInCpu1 = Get-CpuSeconds $api.Process.Id
        $load1 = Get-Load
        $requests = if ($out.Verbose -match 'API server: (\d+) requests') { [int]$Matches[1] } else { 0 }
        $podStart = ($PodStartMinMs + $PodStartMaxMs) / 2000
        $rounds = 2 * 2 * $LatencyMs / 1000    # an exec round: one upgrade request and the answer, each through the latency
        $ideal = [math]::Ceiling($n / $ThrottleLimit) * ($podStart + $rounds)
        [pscustomobject]@{
            Nodes           = $n
            Run             = $run
            ThrottleLimit   = $ThrottleLimit
            WallSeconds     = [math]::Round($out.Seconds, 1)
            IdealSeconds    = [math]::Round($ideal, 1)
            VsIdeal         = [math]::Round($out.Seconds / $ideal, 2)
            Rows            = $out.Rows
            Pass            = $out.Pass
            RequestsPerNode = [math]::Round($requests / $n, 1)
            PeakRssMiB      = $out.PeakMiB
            HeapAfterMiB    = $out.HeapMiB
            ClientCpuS      = $out.CpuSeconds
            StandInCpuS     = [math]::Round($standInCpu1.Own - $standInCpu0.Own, 1)
            ExecChildCpuS   = [math]::Round($standInCpu1.Children - $standInCpu0.Children, 1)
            Load1Before     = $load0
            Load1After      = $load1
        }
        if ($Timeline) {
            Copy-Item "$work/trace.tsv" ([IO.Path]::GetTempPath() + "kc-nodepods-trace-$n-$run.tsv")
            & "$PSScriptRoot/Read-NodePodTrace.ps1" -TracePath "$work/trace.tsv" -Started ([double](Get-Content "$work/started.txt")) -Nodes $n
        }
        Stop-StandIn $api
        Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
    }
}

<#
.SYNOPSIS
    Node-pod audit benchmark (not a test): N nodes behind the API server stand-in with a per-request latency and a
    random pod start time, audited with Test-CisKubelet421 -ReadNodeFiles; wall time against the ideal
    ceil(N / ThrottleLimit) x (mean pod start + exec rounds) and against the floor a client with no cost of its own
    would reach with the same random starts, API requests per node, peak memory of the pwsh process,
    the managed heap still alive after a full collection once the run is over, CPU seconds of the auditing process
    and of the stand-in (its own and its exec'd children's: unshare, chroot, busybox), and the load average.
.PARAMETER Timeline
    Also records the auditing process's networking events (requests, connections, TLS handshakes) and prints where
    each node's time went: create, until the watch saw Running, exec, delete; and how many handshakes the run made.
.PARAMETER OneProcess
    Audits every N in turn in one pwsh process (each against its own stand-in) and reports the heap retained after
    each: what stays alive from one run to the next, apart from what the first run loads once.
.EXAMPLE
    sudo dotnet pwsh bench/Measure-NodePodAudit.ps1 -Nodes 50,500 -Runs 3
.EXAMPLE
    sudo dotnet pwsh bench/Measure-NodePodAudit.ps1 -Nodes 50,100,200,500 -OneProcess
#>
param(
    [int[]] $Nodes = @(50, 500),
    [int] $Runs = 1,
    [int] $ThrottleLimit = 32,
    [int] $LatencyMs = 20,
    [int] $PodStartMinMs = 1000,
    [int] $PodStartMaxMs = 3000,
    [switch] $Timeline,
    [switch] $OneProcess,
    # The stand-in answers an exec it has seen before (same script, input and node tree) with the bytes of its first
    # run instead of running busybox again: what is left is the client's own cost.
    [switch] $ReplayExec,
    # Another build of the module (a variant to compare); the default is the one build.ps1 made.
    [string] $ModulePath
)
$ErrorActionPreference = 'Stop'
$repo = (Resolve-Path "$PSScriptRoot/..").Path
. "$repo/tests/Pester/StandIns.ps1"
$module = if ($ModulePath) { (Resolve-Path $ModulePath).Path } else { Join-Path $repo 'out/KubeletCompliance/KubeletCompliance.psd1' }
$fixture = Join-Path $repo 'tests/fixtures/nodes/kubeadm-current'

# CPU seconds (user + system) of a process, and of its children it has waited for.
function Get-CpuSeconds([int] $ProcessId) {
    $fields = ((Get-Content "/proc/$ProcessId/stat" -Raw) -replace '^.*\) ', '') -split ' '
    $tick = 100
    [pscustomobject]@{ Own = ([long]$fields[11] + [long]$fields[12]) / $tick; Children = ([long]$fields[13] + [long]$fields[14]) / $tick }
}

function Get-Load { [double]((Get-Content /proc/loadavg) -split ' ')[0] }

# An API server stand-in with N nodes (every one the same fixture tree) and a kubeconfig for it.
function Start-BenchCluster([int] $Count) {
    $work = Join-Path ([IO.Path]::GetTempPath()) ("kc-bench-nodepods-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory $work | Out-Null
    $list = 1..$Count | ForEach-Object { @{ name = "node-$_"; root = $fixture } }
    ConvertTo-Json -Depth 4 -InputObject @($list) | Set-Content "$work/nodes.json"
    $api = Start-StandIn 'apiserver', '--nodes', "$work/nodes.json", '--ca', "$work/ca.crt", '--latency-ms', "$LatencyMs",
        '--pod-start-ms', "$PodStartMinMs-$PodStartMaxMs", '--exec-replay', "$($ReplayExec.IsPresent.ToString().ToLowerInvariant())"
    @"
apiVersion: v1
kind: Config
clusters: [{name: s, cluster: {server: '$($api.URL)', certificate-authority: '$work/ca.crt'}}]
users: [{name: u, user: {token: valid-token}}]
contexts: [{name: s, context: {cluster: s, user: u}}]
current-context: s
"@ | Set-Content "$work/config"
    [pscustomobject]@{ Nodes = $Count; Api = $api; Work = $work; Config = "$work/config" }
}

function Stop-BenchCluster($Cluster) {
    Stop-StandIn $Cluster.Api
    Remove-Item -Recurse -Force $Cluster.Work -ErrorAction SilentlyContinue
}

# The script a child pwsh runs: one audit per kubeconfig, each printed as a JSON line. Rows are counted as they
# stream out, not kept, so the heap measured after a full collection is what the module and the host still hold.
function Get-ChildScript([string[]] $Configs, [string] $TracePath) {
    $trace = if ($TracePath) { "Add-Type -Path '$PSScriptRoot/HttpTrace.cs'; `$trace = [HttpTrace]::new()" } else { '$trace = $null' }
    $configList = ($Configs | ForEach-Object { "'$_'" }) -join ', '
    @"
Import-Module '$module'
$trace
foreach (`$config in @($configList)) {
    `$counts = @{ Rows = 0; Pass = 0 }
    `$verbose = `$null
    `$cpu0 = [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime.TotalSeconds
    `$started = if (`$trace) { `$trace.Now } else { 0 }
    `$sw = [Diagnostics.Stopwatch]::StartNew()
    Test-CisKubelet421 -Kubeconfig `$config -ReadNodeFiles -ThrottleLimit $ThrottleLimit -Verbose -ProgressAction SilentlyContinue 4>&1 | ForEach-Object {
        if (`$_ -is [Management.Automation.VerboseRecord]) {
            if (`$_.Message -like 'API server:*') { `$verbose = `$_.Message }
        } else {
            `$counts.Rows++
            if (`$_.Status -eq 'Pass') { `$counts.Pass++ }
        }
    }
    `$sw.Stop()
    `$cpu = [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime.TotalSeconds - `$cpu0
    [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
    `$heap = [GC]::GetTotalMemory(`$true)
    `$committed = [GC]::GetGCMemoryInfo().TotalCommittedBytes
    if (`$trace) { `$trace.Dispose(); `$trace.Save('$TracePath'); "`$started" | Set-Content '$TracePath.started' }
    `$status = Get-Content /proc/self/status
    `$hwm = (`$status | Where-Object { `$_ -like 'VmHWM*' }) -replace '\D', ''
    `$rss = (`$status | Where-Object { `$_ -like 'VmRSS*' }) -replace '\D', ''
    [pscustomobject]@{ Seconds = `$sw.Elapsed.TotalSeconds; Rows = `$counts.Rows; Pass = `$counts.Pass; Verbose = `$verbose
        PeakMiB = [math]::Round([int]`$hwm / 1024); RssMiB = [math]::Round([int]`$rss / 1024); HeapMiB = [math]::Round(`$heap / 1MB, 1)
        GcCommittedMiB = [math]::Round(`$committed / 1MB)
        CpuSeconds = [math]::Round(`$cpu, 1) } | ConvertTo-Json -Compress
}
"@
}

# The formula's ideal takes the mean pod start for every node; with starts drawn from min..max, the last node of a
# run ends with the slowest starts. The floor is what a client with no cost beyond pod start + rounds would take, on
# average over simulated runs with the same draw: its slots take the next node as soon as one is done.
Add-Type -TypeDefinition @'
public static class NodePodFloor
{
    public static double Seconds(int nodes, int slots, double min, double max, double rounds, int runs)
    {
        var random = new System.Random(1);
        double total = 0;
        for (int run = 0; run < runs; run++)
        {
            var free = new double[System.Math.Min(slots, nodes)];
            for (int node = 0; node < nodes; node++)
            {
                int first = 0;
                for (int i = 1; i < free.Length; i++) { if (free[i] < free[first]) first = i; }
                free[first] += min + random.NextDouble() * (max - min) + rounds;
            }
            total += System.Linq.Enumerable.Max(free);
        }
        return total / runs;
    }
}
'@

function Get-Requests($Out) { if ($Out.Verbose -match 'API server: (\d+) requests') { [int]$Matches[1] } else { 0 } }

if ($OneProcess) {
    $clusters = @($Nodes | ForEach-Object { Start-BenchCluster $_ })
    try {
        $load0 = Get-Load
        $lines = & dotnet pwsh -NoProfile -NonInteractive -Command (Get-ChildScript $clusters.Config $null) | Where-Object { $_ -like '{*' }
        $load1 = Get-Load
        $i = 0
        foreach ($line in $lines) {
            $out = $line | ConvertFrom-Json
            [pscustomobject]@{
                Nodes = $clusters[$i].Nodes; WallSeconds = [math]::Round($out.Seconds, 1); Rows = $out.Rows; Pass = $out.Pass
                HeapAfterMiB = $out.HeapMiB; GcCommittedMiB = $out.GcCommittedMiB; RssAfterMiB = $out.RssMiB; PeakRssMiB = $out.PeakMiB; RequestsPerNode = [math]::Round((Get-Requests $out) / $clusters[$i].Nodes, 1)
                Load1AtStart = $load0; Load1AtEnd = $load1
            }
            $i++
        }
    }
    finally {
        $clusters | ForEach-Object { Stop-BenchCluster $_ }
    }
    return
}

foreach ($n in $Nodes) {
    foreach ($run in 1..$Runs) {
        $cluster = Start-BenchCluster $n
        $tracePath = if ($Timeline) { Join-Path ([IO.Path]::GetTempPath()) "kc-nodepods-trace-$n-$run.tsv" } else { $null }
        # A child pwsh, so its peak RSS (VmHWM) and CPU time are this run's alone.
        $load0 = Get-Load
        $standInCpu0 = Get-CpuSeconds $cluster.Api.Process.Id
        $out = & dotnet pwsh -NoProfile -NonInteractive -Command (Get-ChildScript $cluster.Config $tracePath) | Select-Object -Last 1 | ConvertFrom-Json
        $standInCpu1 = Get-CpuSeconds $cluster.Api.Process.Id
        $load1 = Get-Load
        $podStart = ($PodStartMinMs + $PodStartMaxMs) / 2000
        $rounds = 2 * 2 * $LatencyMs / 1000    # an exec round: one upgrade request and the answer, each through the latency
        $ideal = [math]::Ceiling($n / $ThrottleLimit) * ($podStart + $rounds)
        $floor = [NodePodFloor]::Seconds($n, $ThrottleLimit, $PodStartMinMs / 1000, $PodStartMaxMs / 1000, $rounds, 1000)
        [pscustomobject]@{
            Nodes           = $n
            Run             = $run
            ThrottleLimit   = $ThrottleLimit
            WallSeconds     = [math]::Round($out.Seconds, 1)
            IdealSeconds    = [math]::Round($ideal, 1)
            VsIdeal         = [math]::Round($out.Seconds / $ideal, 2)
            FloorSeconds    = [math]::Round($floor, 1)
            VsFloor         = [math]::Round($out.Seconds / $floor, 2)
            Rows            = $out.Rows
            Pass            = $out.Pass
            RequestsPerNode = [math]::Round((Get-Requests $out) / $n, 1)
            PeakRssMiB      = $out.PeakMiB
            HeapAfterMiB    = $out.HeapMiB
            GcCommittedMiB  = $out.GcCommittedMiB
            ClientCpuS      = $out.CpuSeconds
            StandInCpuS     = [math]::Round($standInCpu1.Own - $standInCpu0.Own, 1)
            ExecChildCpuS   = [math]::Round($standInCpu1.Children - $standInCpu0.Children, 1)
            Load1Before     = $load0
            Load1After      = $load1
        }
        if ($Timeline) {
            & "$PSScriptRoot/Read-NodePodTrace.ps1" -TracePath $tracePath -Started ([double](Get-Content "$tracePath.started")) -Nodes $n
        }
        Stop-BenchCluster $cluster
    }
}

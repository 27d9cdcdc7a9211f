<#
.SYNOPSIS
    Node-pod audit benchmark (not a test): N nodes behind the API server stand-in with a per-request latency and a
    random pod start time, audited with Test-CisKubelet421 -ReadNodeFiles; wall time against the ideal
    ceil(N / ThrottleLimit) x (mean pod start + exec rounds), API requests per node, peak memory of the pwsh process.
.EXAMPLE
    sudo dotnet pwsh bench/Measure-NodePodAudit.ps1 -Nodes 50,500
#>
param(
    [int[]] $Nodes = @(50, 500),
    [int] $ThrottleLimit = 32,
    [int] $LatencyMs = 20,
    [int] $PodStartMinMs = 1000,
    [int] $PodStartMaxMs = 3000
)
$ErrorActionPreference = 'Stop'
$repo = (Resolve-Path "$PSScriptRoot/..").Path
. "$repo/tests/Pester/StandIns.ps1"
$module = Join-Path $repo 'out/KubeletCompliance/KubeletCompliance.psd1'
$fixture = Join-Path $repo 'tests/fixtures/nodes/kubeadm-current'

foreach ($n in $Nodes) {
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

    # A child pwsh, so its peak RSS (VmHWM) is this run's alone.
    $script = @"
Import-Module '$module'
`$sw = [Diagnostics.Stopwatch]::StartNew()
`$rows = Test-CisKubelet421 -Kubeconfig '$work/config' -ReadNodeFiles -ThrottleLimit $ThrottleLimit -Verbose 4>&1
`$sw.Stop()
`$verbose = (`$rows | Where-Object { `$_ -is [Management.Automation.VerboseRecord] } | Select-Object -Last 1).Message
`$results = @(`$rows | Where-Object { `$_ -isnot [Management.Automation.VerboseRecord] })
`$hwm = (Get-Content /proc/self/status | Where-Object { `$_ -like 'VmHWM*' }) -replace '\D', ''
[pscustomobject]@{ Seconds = `$sw.Elapsed.TotalSeconds; Rows = `$results.Count; Pass = @(`$results | Where-Object Status -eq Pass).Count; Verbose = `$verbose; PeakMiB = [math]::Round([int]`$hwm / 1024) } | ConvertTo-Json -Compress
"@
    $out = & dotnet pwsh -NoProfile -NonInteractive -Command $script | Select-Object -Last 1 | ConvertFrom-Json
    $requests = if ($out.Verbose -match 'API server: (\d+) requests, (\d+) answered 429.*?(\d+) retried') { [int]$Matches[1] } else { 0 }
    $podStart = ($PodStartMinMs + $PodStartMaxMs) / 2000
    $rounds = 2 * 2 * $LatencyMs / 1000    # an exec round: one upgrade request and the answer, each through the latency
    $ideal = [math]::Ceiling($n / $ThrottleLimit) * ($podStart + $rounds)
    [pscustomobject]@{
        Nodes          = $n
        ThrottleLimit  = $ThrottleLimit
        WallSeconds    = [math]::Round($out.Seconds, 1)
        IdealSeconds   = [math]::Round($ideal, 1)
        VsIdeal        = [math]::Round($out.Seconds / $ideal, 2)
        Rows           = $out.Rows
        Pass           = $out.Pass
        RequestsPerNode = [math]::Round($requests / $n, 1)
        PeakRssMiB     = $out.PeakMiB
    }
    Stop-StandIn $api
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}

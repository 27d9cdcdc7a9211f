<#
.SYNOPSIS
    Reads the networking events HttpTrace.cs recorded during a node-pod audit and says where each node's time went.
    Each pool worker is a dedicated thread that starts its node's requests, so the requests a thread starts, in
    order, are one node's: create (POST .../pods), watch (.../pods?watch), exec (wss .../pods/NAME/exec), delete
    (.../pods/NAME). Plain requests share one HTTP/2 connection; each exec is an HTTP/1.1 upgrade on a connection
    of its own, so its TLS handshake is the one that follows it.
#>
param([string] $TracePath, [double] $Started, [int] $Nodes)

$events = foreach ($line in Get-Content $TracePath) {
    $t, $name, $activity, $thread, $payload = $line -split "`t", 5
    [pscustomobject]@{ T = [double]$t - $Started; Name = $name; Activity = $activity; Thread = [int]$thread; Payload = $payload }
}

$stops = @{}
foreach ($e in $events | Where-Object Name -eq 'RequestStop') { $stops[$e.Activity] = $e.T }
$requests = foreach ($e in $events | Where-Object Name -eq 'RequestStart') {
    $path = ($e.Payload -split ' ')[3]
    $kind = switch -regex ($path) {
        '/exec' { 'exec' } '/pods/[^/?]+\?' { 'delete' } '/pods\?' { 'watch' } '/pods$' { 'create' } default { 'other' }
    }
    [pscustomobject]@{ Kind = $kind; Start = $e.T; Stop = $stops[$e.Activity]; Thread = $e.Thread }
}

# One row per node: the four requests a worker thread started in a row, from a create on.
$perNode = foreach ($thread in $requests | Where-Object Kind -ne 'other' | Group-Object Thread) {
    $sequence = @($thread.Group | Sort-Object Start)
    for ($i = 0; $i -le $sequence.Count - 4; $i++) {
        if ($sequence[$i].Kind -ne 'create') { continue }
        $create, $watch, $exec, $delete = $sequence[$i..($i + 3)]
        if ($watch.Kind -ne 'watch' -or $exec.Kind -ne 'exec' -or $delete.Kind -ne 'delete') { continue }
        [pscustomobject]@{
            Begin         = $create.Start
            Create        = $create.Stop - $create.Start
            CreateToExec  = $exec.Start - $create.Stop          # the pod's start, as the client waited for it
            WatchEndToExec = $exec.Start - $watch.Stop
            ExecUpgrade   = $exec.Stop - $exec.Start            # connection, TLS handshake, 101
            Script        = $delete.Start - $exec.Stop          # the script's run and its output
            Delete        = $delete.Stop - $delete.Start
            NextGap       = $null
            Thread        = $thread.Name
            End           = $delete.Stop
        }
    }
}
$perNode = @($perNode | Sort-Object Thread, Begin)
for ($i = 0; $i -lt $perNode.Count - 1; $i++) {
    if ($perNode[$i].Thread -eq $perNode[$i + 1].Thread) { $perNode[$i].NextGap = $perNode[$i + 1].Begin - $perNode[$i].End }
}

function Stat($values) {
    $v = @($values | Where-Object { $null -ne $_ } | Sort-Object)
    if ($v.Count -eq 0) { return 'n/a' }
    '{0,6:F0} {1,6:F0} {2,6:F0}' -f ($v | Measure-Object -Average).Average, $v[[int][math]::Floor(($v.Count - 1) / 2)], $v[-1]
}

$handshakes = @($events | Where-Object Name -eq 'HandshakeStart')
$handshakeStops = @{}
foreach ($e in $events | Where-Object Name -eq 'HandshakeStop') { $handshakeStops[$e.Activity] = $e.T }
$handshakeMs = foreach ($h in $handshakes) { if ($handshakeStops[$h.Activity]) { $handshakeStops[$h.Activity] - $h.T } }
$list = $requests | Where-Object Kind -eq 'other' | Select-Object -First 1
$firstCreate = ($requests | Where-Object Kind -eq 'create' | Measure-Object Start -Minimum).Minimum
$lastDelete = ($requests | Where-Object Kind -eq 'delete' | Measure-Object Stop -Maximum).Maximum

"timeline of $($perNode.Count) of $Nodes nodes (ms: mean, median, max)"
"  create request         $(Stat $perNode.Create)"
"  create -> exec start   $(Stat $perNode.CreateToExec)   (pod start 1000-3000 plus the stand-in's 100 ms)"
"  watch end -> exec      $(Stat $perNode.WatchEndToExec)"
"  exec upgrade           $(Stat $perNode.ExecUpgrade)"
"  script                 $(Stat $perNode.Script)"
"  delete request         $(Stat $perNode.Delete)"
"  gap to next node       $(Stat $perNode.NextGap)"
"start: first request at {0:F0} ms, node list answered at {1:F0} ms, first create at {2:F0} ms; last delete answered at {3:F0} ms" -f $list.Start, $list.Stop, $firstCreate, $lastDelete
"connections: $(@($events | Where-Object Name -eq 'ConnectionEstablished').Count), TLS handshakes: $($handshakes.Count) ($(Stat $handshakeMs) ms)"

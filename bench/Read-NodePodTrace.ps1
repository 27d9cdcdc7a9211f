<#
.SYNOPSIS
    Reads the networking events HttpTrace.cs recorded during a node-pod audit and says where each node's time went.
    Each pool worker is a dedicated thread that starts its node's requests, so the requests a thread starts, in
    order, are one node's: create (POST .../pods), watch (.../pods?watch), exec (wss .../pods/NAME/exec); the
    delete (.../pods/NAME) is found by the pod's name. Plain requests share one HTTP/2 connection; each exec is an HTTP/1.1 upgrade on a connection
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
    $pod = if ($path -match '/pods/([^/?]+)') { $Matches[1] } else { $null }
    [pscustomobject]@{ Kind = $kind; Start = $e.T; Stop = $stops[$e.Activity]; Thread = $e.Thread; Pod = $pod }
}
$deletes = @{}
foreach ($r in $requests | Where-Object Kind -eq 'delete') { $deletes[$r.Pod] = $r }

# One row per node: the create, watch and exec a worker thread started in a row, and the delete of that pod (which
# may run on another thread).
$perNode = foreach ($thread in $requests | Where-Object { $_.Kind -in 'create', 'watch', 'exec' } | Group-Object Thread) {
    $sequence = @($thread.Group | Sort-Object Start)
    for ($i = 0; $i -le $sequence.Count - 3; $i++) {
        if ($sequence[$i].Kind -ne 'create') { continue }
        $create, $watch, $exec = $sequence[$i..($i + 2)]
        if ($watch.Kind -ne 'watch' -or $exec.Kind -ne 'exec') { continue }
        $delete = $deletes[$exec.Pod]
        if (-not $delete) { continue }
        $next = if ($i + 3 -lt $sequence.Count) { $sequence[$i + 3].Start } else { $null }
        [pscustomobject]@{
            Begin         = $create.Start
            Create        = $create.Stop - $create.Start
            CreateToExec  = $exec.Start - $create.Stop          # the pod's start, as the client waited for it
            WatchEndToExec = $exec.Start - $watch.Stop
            ExecUpgrade   = $exec.Stop - $exec.Start            # connection, TLS handshake, 101
            Delete        = $delete.Stop - $delete.Start
            DeleteStart   = $delete.Start - $exec.Stop          # the script's run, its output, and the pod's deletion sent
            NextGap       = if ($null -ne $next) { $next - $delete.Start } else { $null }   # the slot until the next node's create
        }
    }
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
"  exec -> delete sent    $(Stat $perNode.DeleteStart)   (the script's run and its output)"
"  delete request         $(Stat $perNode.Delete)"
"  delete sent -> next create on that worker $(Stat $perNode.NextGap)"
"start: first request at {0:F0} ms, node list answered at {1:F0} ms, first create at {2:F0} ms; last delete answered at {3:F0} ms" -f $list.Start, $list.Stop, $firstCreate, $lastDelete
"connections: $(@($events | Where-Object Name -eq 'ConnectionEstablished').Count), TLS handshakes: $($handshakes.Count) ($(Stat $handshakeMs) ms)"

# -Probe against TLS servers on the loopback that answer as a kubelet's authentication filter does
# (tests/StandIns: 401 when anonymous auth is off, 403 naming system:anonymous under Webhook, 200 under AlwaysAllow).

BeforeAll {
    Import-Module $env:KUBELETCOMPLIANCE_MODULE -Force
    . "$PSScriptRoot/StandIns.ps1"
    $script:fixtures = (Resolve-Path "$PSScriptRoot/../fixtures/nodes").Path
    $script:kubelets = @{}
    foreach ($mode in '401', '403', '200') { $kubelets[$mode] = Start-StandIn 'kubelet', '--mode', $mode }

    # A port that was just listening and is now closed: nothing answers there.
    $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $script:closedPort = $listener.LocalEndpoint.Port
    $listener.Stop()

    function script:Probe([string] $Fixture, [int] $Port, [string] $Command = 'Test-CisKubelet421') {
        & $Command -Root (Join-Path $fixtures $Fixture) -Probe -ProbeAddress 127.0.0.1 -KubeletPort $Port
    }
}

AfterAll {
    foreach ($k in $kubelets.Values) { Stop-StandIn $k }
}

Describe 'Probing the kubelet port' {
    It 'reads <mode> as <verdict>' -ForEach @(
        @{ mode = '401'; verdict = 'Rejected' }
        @{ mode = '403'; verdict = 'AnonymousForbidden' }
        @{ mode = '200'; verdict = 'AnonymousAllowed' }
    ) {
        $row = Probe 'kubeadm-current' $kubelets[$mode].PORT
        $row.ProbeStatus | Should -Be $mode
        $row.ProbeVerdict | Should -Be $verdict
    }

    It 'passes files that disable anonymous auth when the port agrees (401)' {
        $row = Probe 'kubeadm-current' $kubelets['401'].PORT
        $row.Status | Should -Be 'Pass'
        $row.Reason | Should -Match 'rejected an anonymous request \(401\), as the files set anonymous authentication disabled'
    }

    It 'fails files that disable anonymous auth when the port answers <mode>, saying both' -ForEach @(
        @{ mode = '200'; answered = 'accepted and served an anonymous request' }
        @{ mode = '403'; answered = 'accepted an anonymous request \(403\) and only its authorizer refused it' }
    ) {
        $row = Probe 'kubeadm-current' $kubelets[$mode].PORT
        $row.Status | Should -Be 'Fail'
        $row.Actual | Should -Be 'false'
        $row.Reason | Should -Match 'authentication.anonymous.enabled: false in /var/lib/kubelet/config.yaml'
        $row.Reason | Should -Match $answered
        $row.Reason | Should -Match 'although the files set anonymous authentication disabled'
    }

    It 'names the contradiction when files enable anonymous auth but the port answers 401' {
        $row = Probe 'flags-only-default' $kubelets['401'].PORT
        $row.Status | Should -Be 'Fail'
        $row.Reason | Should -Match "legacy default true"
        $row.Reason | Should -Match 'rejected an anonymous request \(401\) although the files reach, by default, anonymous authentication enabled'
        $row.Reason | Should -Match 'still need the fix'
    }

    It 'leaves the file verdict standing when nothing listens on the port' {
        $pass = Probe 'kubeadm-current' $closedPort
        $pass.Status | Should -Be 'Pass'
        $pass.ProbeVerdict | Should -Be 'Unreachable'
        $pass.Reason | Should -Match 'the probe could not be made: .*so only the files were judged'
        (Probe 'flags-only-default' $closedPort).Status | Should -Be 'Fail'
    }

    It 'asks for -ProbeAddress when a node image is probed without one' {
        $row = Test-CisKubelet421 -Root (Join-Path $fixtures 'kubeadm-current') -Probe -KubeletPort $kubelets['200'].PORT
        $row.Status | Should -Be 'Pass'
        $row.ProbeVerdict | Should -BeNullOrEmpty -Because 'nothing was asked, so there is no verdict'
        $row.ProbeStatus | Should -Match '^NotAttempted: '
        $row.Reason | Should -Match 'not attempted.*-ProbeAddress'
    }

    It 'carries the probe on Get-KubeletAnonymousAuth rows' {
        $row = Probe 'flags-only-default' $kubelets['403'].PORT 'Get-KubeletAnonymousAuth'
        $row.Enabled | Should -BeTrue
        $row.ProbeStatus | Should -Be '403'
        $row.ProbeVerdict | Should -Be 'AnonymousForbidden'
        (Get-KubeletAnonymousAuth -Root (Join-Path $fixtures 'flags-only-default')).ProbeVerdict | Should -BeNullOrEmpty
    }

    It 'exports every probed row to CSV as scalars' {
        $rows = @(
            Probe 'kubeadm-current' $kubelets['403'].PORT
            Probe 'flags-only-default' $closedPort
            Probe 'kubeadm-current' $kubelets['401'].PORT 'Get-KubeletAnonymousAuth'
        )
        foreach ($row in $rows) {
            $csv = @($row | ConvertTo-Csv | ConvertFrom-Csv)
            $csv.Count | Should -Be 1
            foreach ($p in $row.PSObject.Properties) {
                "$($csv[0].($p.Name))" | Should -Be "$($p.Value)" -Because $p.Name
                $csv[0].($p.Name) | Should -Not -Match '^System\.' -Because $p.Name
            }
        }
        $rows[0].ProbeStatus, $rows[1].ProbeVerdict, $rows[2].ProbeVerdict | Should -Be '403', 'Unreachable', 'Rejected'
    }
}

# Cluster mode through the built module against an API server stand-in on the loopback (tests/StandIns): TLS with a
# CA made for the run, bearer tokens checked, GET /api/v1/nodes (labelSelector) and /api/v1/nodes/<n>/proxy/configz.

BeforeAll {
    Import-Module $env:KUBELETCOMPLIANCE_MODULE -Force
    . "$PSScriptRoot/StandIns.ps1"
    $script:work = Join-Path ([IO.Path]::GetTempPath()) ("kc-pester-cluster-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory $work | Out-Null

    $nodes = @(
        @{ name = 'cp-1'; anonymousEnabled = $false; labels = @{ 'node-role.kubernetes.io/control-plane' = ''; zone = 'a' } }
        @{ name = 'worker-1'; anonymousEnabled = $true; labels = @{ zone = 'a' } }
        @{ name = 'worker-2'; anonymousEnabled = $false; labels = @{ zone = 'b' } }
        @{ name = 'locked'; behaviour = 'Forbidden'; labels = @{ zone = 'b' } }
    )
    ConvertTo-Json -Depth 5 -InputObject $nodes | Set-Content "$work/nodes.json"
    $script:execToken = 'token-from-exec-plugin'
    $script:api = Start-StandIn 'apiserver', '--nodes', "$work/nodes.json", '--ca', "$work/ca.crt", '--token', $execToken

    function script:New-Kubeconfig([string] $Name, [string] $User) {
        New-StandInKubeconfig (Join-Path $work $Name) $api.URL "$work/ca.crt" $User
    }

    $script:kubeconfig = New-Kubeconfig 'config' '    token: valid-token'
    $script:wrongToken = New-Kubeconfig 'config-wrong-token' '    token: not-a-token-the-server-knows'

    # The way cloud CLIs hand out credentials: a program that prints an ExecCredential.
    Set-Content "$work/credential-plugin.sh" "#!/bin/sh`necho '{`"apiVersion`":`"client.authentication.k8s.io/v1beta1`",`"kind`":`"ExecCredential`",`"status`":{`"token`":`"$execToken`"}}'`n"
    & chmod 0700 "$work/credential-plugin.sh"
    $script:execPlugin = New-Kubeconfig 'config-exec' @"
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: $work/credential-plugin.sh
      interactiveMode: Never
"@
}

AfterAll {
    Stop-StandIn $api
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}

Describe 'Auditing a cluster through the API server' {
    It 'warns once, and only then, when the kubeconfig turns off TLS verification' {
        $insecure = Join-Path $work 'config-insecure'
        (Get-Content -Raw $kubeconfig) -replace '    certificate-authority: .*', '    insecure-skip-tls-verify: true' | Set-Content $insecure

        $rows = Test-CisKubelet421 -Kubeconfig $insecure -WarningVariable insecureWarnings -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        $null = Test-CisKubelet421 -Kubeconfig $kubeconfig -WarningVariable verifiedWarnings -WarningAction SilentlyContinue -ErrorAction SilentlyContinue

        $rows.Count | Should -Be 4
        $insecureWarnings.Count | Should -Be 1
        "$insecureWarnings" | Should -Match 'turns off TLS verification'
        "$insecureWarnings" | Should -Match 'bearer token'
        $verifiedWarnings.Count | Should -Be 0
    }

    It 'writes one row per node, judged by the running kubelet''s /configz' {
        $rows = Test-CisKubelet421 -Kubeconfig $kubeconfig | Sort-Object ComputerName
        $rows.ComputerName | Should -Be 'cp-1', 'locked', 'worker-1', 'worker-2'
        $rows.Status | Should -Be 'Pass', 'Error', 'Fail', 'Pass'
        $rows.Transport | Should -Be 'Cluster', 'Cluster', 'Cluster', 'Cluster'
        ($rows | Where-Object Status -ne Error).Source | Should -Be 'Configz', 'Configz', 'Configz'
        ($rows | Where-Object ComputerName -eq 'worker-1').Actual | Should -Be 'true'
        ($rows | Where-Object ComputerName -eq 'worker-2').SourcePath | Should -Be '/api/v1/nodes/worker-2/proxy/configz'
    }

    It 'reports a node whose configz is forbidden as an Error row naming nodes/proxy' {
        $locked = Test-CisKubelet421 -Kubeconfig $kubeconfig -NodeName locked
        $locked.Status | Should -Be 'Error'
        $locked.ErrorId | Should -Be 'ConfigzForbidden'
        $locked.Reason | Should -Match 'nodes/proxy'
        $locked.Actual | Should -BeNullOrEmpty
    }

    It 'filters by -NodeName wildcards and by -LabelSelector' {
        (Test-CisKubelet421 -Kubeconfig $kubeconfig -NodeName 'worker-*' | Sort-Object ComputerName).ComputerName | Should -Be 'worker-1', 'worker-2'
        (Test-CisKubelet421 -Kubeconfig $kubeconfig -LabelSelector 'zone=a' | Sort-Object ComputerName).ComputerName | Should -Be 'cp-1', 'worker-1'
        (Test-CisKubelet421 -Kubeconfig $kubeconfig -LabelSelector 'zone=b' -NodeName 'w*').ComputerName | Should -Be 'worker-2'
    }

    It 'gives Get-KubeletAnonymousAuth rows with the live value, and an error for the forbidden node' {
        $rows = Get-KubeletAnonymousAuth -Kubeconfig $kubeconfig -ErrorVariable failures -ErrorAction SilentlyContinue | Sort-Object ComputerName
        $rows.ComputerName | Should -Be 'cp-1', 'worker-1', 'worker-2'
        $rows.Enabled | Should -Be $false, $true, $false
        $rows.Source | Should -Be 'Configz', 'Configz', 'Configz'
        $rows.Basis | Should -Be 'Live', 'Live', 'Live'
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ConfigzForbidden,*'
        $failures[0].TargetObject | Should -Be 'locked'
        $failures[0].Exception.Message | Should -Match 'nodes/proxy'
    }

    It 'stops with ApiServerUnauthorized when the API server rejects the token' {
        { Test-CisKubelet421 -Kubeconfig $wrongToken -ErrorAction Stop } | Should -Throw -ErrorId 'ApiServerUnauthorized*'
        try { Get-KubeletAnonymousAuth -Kubeconfig $wrongToken; throw 'no error' } catch { $_.FullyQualifiedErrorId | Should -BeLike 'ApiServerUnauthorized*' }
    }

    It '-Cluster alone reads the kubeconfig named by $env:KUBECONFIG' {
        $saved = $env:KUBECONFIG
        try {
            $env:KUBECONFIG = $kubeconfig
            (Test-CisKubelet421 -Cluster -NodeName 'cp-*').Status | Should -Be 'Pass'
            $env:KUBECONFIG = $wrongToken
            { Test-CisKubelet421 -Cluster } | Should -Throw -ErrorId 'ApiServerUnauthorized*'
        } finally {
            $env:KUBECONFIG = $saved
        }
    }

    It 'runs the kubeconfig''s exec credential plugin and authenticates with its token' {
        $rows = Test-CisKubelet421 -Kubeconfig $execPlugin -NodeName 'worker-*' | Sort-Object ComputerName
        $rows.Status | Should -Be 'Fail', 'Pass'
        $rows.ErrorId | Should -Be '', ''
    }

    It 'exports cluster rows to CSV as scalars' {
        $csv = Test-CisKubelet421 -Kubeconfig $kubeconfig | ConvertTo-Csv | ConvertFrom-Csv
        @($csv).Count | Should -Be 4
        ($csv | Where-Object ComputerName -eq 'locked').ErrorId | Should -Be 'ConfigzForbidden'
        $csv | ForEach-Object { $_.PSObject.Properties.Value | Should -Not -Match '^System\.' }
    }
}

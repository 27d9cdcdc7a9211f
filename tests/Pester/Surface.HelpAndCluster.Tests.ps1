# The module as a PowerShell user meets it: help that matches the module and cluster mode (issue 12.10 to 12.12).
# Every test runs the built module in a fresh pwsh whose current folder is a scratch folder, not the repository, as a
# user's prompt would be.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Surface.Common.ps1')
}

AfterAll {
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}

Describe 'Help that matches the module (issues 12.10, 12.11)' {
    It 'shows -Enabled as mandatory, fills default values, lists every output property and has a HelpUri' {
        $r = Invoke-Fresh @'
$set = Get-Help Set-KubeletAnonymousAuth -Full
$test = Get-Help Test-CisKubelet421 -Full
$about = Get-Help about_KubeletCompliance | Out-String
$types = 'CisControlResult', 'AnonymousAuthSetting', 'RemediationResult'
[pscustomobject]@{
    EnabledRequired = ($set.parameters.parameter | Where-Object name -eq Enabled).required
    SyntaxText = ($set.syntax | Out-String -Width 400)
    Defaults = @('ThrottleLimit', 'ConnectTimeout', 'OperationTimeout', 'Port', 'KubeletPort', 'RequestTimeout' | ForEach-Object { $n = $_; "$n=$(($test.parameters.parameter | Where-Object name -eq $n).defaultValue)" })
    RestartHelp = (($set.parameters.parameter | Where-Object name -eq Restart).description.Text -join ' ')
    QuietHelp = (($test.parameters.parameter | Where-Object name -eq Quiet).description.Text -join ' ')
    MissingInAbout = @(foreach ($t in $types) { [KubeletCompliance.Commands.NodeCommandBase].Assembly.GetType("KubeletCompliance.$t").GetProperties().Name | Where-Object { $about -notmatch "\b$_\b" } })
    HelpUris = @('Get-KubeletAnonymousAuth', 'Test-CisKubelet421', 'Set-KubeletAnonymousAuth', 'Restore-KubeletAnonymousAuth' | ForEach-Object { (Get-Command $_).HelpUri })
    CredentialHelp = (((Get-Help Test-CisKubelet421 -Parameter Credential).description.Text) -join ' ')
}
'@
        $r.EnabledRequired | Should -Be 'true'
        $r.SyntaxText | Should -Match 'Set-KubeletAnonymousAuth -Enabled <Boolean> \[-Restart\]'
        $r.Defaults | Should -Be 'ThrottleLimit=32', 'ConnectTimeout=15', 'OperationTimeout=60', 'Port=22', 'KubeletPort=10250', 'RequestTimeout=30'
        $r.RestartHelp | Should -Match 'SSH nodes'
        $r.QuietHelp | Should -Match '-notcontains \$false'
        $r.MissingInAbout | Should -BeNullOrEmpty
        $r.HelpUris | ForEach-Object { $_ | Should -Match '^https://github.com/kubeletcompliance/KubeletCompliance/blob/main/docs/syntax.md#' }
        $r.CredentialHelp | Should -Not -Match 'Never prompted'
        $r.CredentialHelp | Should -Match 'prompts'
    }

    It 'has examples that name only real parameters, and the ones on local folders run' {
        $r = Invoke-Fresh @'
$bad = foreach ($name in 'Get-KubeletAnonymousAuth', 'Test-CisKubelet421', 'Set-KubeletAnonymousAuth', 'Restore-KubeletAnonymousAuth') {
    foreach ($example in (Get-Help $name -Full).examples.example) {
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($example.code, [ref]$null, [ref]$errors)
        if ($errors) { "$name example does not parse: $($example.code)" }
        foreach ($call in $ast.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] }, $true)) {
            $command = Get-Command $call.GetCommandName() -Module KubeletCompliance -ErrorAction Ignore
            if (-not $command) { continue }
            foreach ($p in $call.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] }) {
                if (-not $command.ResolveParameter($p.ParameterName)) { "$name example uses -$($p.ParameterName), which $($command.Name) does not have" }
            }
        }
    }
}
$ran = foreach ($example in (Get-Help Test-CisKubelet421 -Full).examples.example | Where-Object code -like '*./images*') {
    try { $null = & ([scriptblock]::Create($example.code)) -ErrorAction Stop; 'ran' } catch { "failed: $($example.code): $_" }
}
[pscustomobject]@{ Bad = @($bad); Ran = @($ran); CsvRows = @(Import-Csv ./cis-4.2.1.csv).Count }
'@
        $r.Bad | Should -BeNullOrEmpty
        $r.Ran.Count | Should -BeGreaterOrEqual 2
        $r.Ran | Should -Be (@('ran') * $r.Ran.Count)
        $r.CsvRows | Should -Be 3
    }
}

Describe 'Cluster mode (issues 12.4, 12.12)' {
    BeforeAll {
        . "$PSScriptRoot/StandIns.ps1"
        @(
            @{ name = 'fast'; anonymousEnabled = $false; labels = @{} }
            @{ name = 'slow'; behaviour = 'Slow'; labels = @{} }
        ) | ConvertTo-Json -Depth 5 | Set-Content "$work/nodes.json"
        $script:api = Start-StandIn 'apiserver', '--nodes', "$work/nodes.json", '--ca', "$work/ca.crt", '--token', 'unused-exec-token'
        $null = New-StandInKubeconfig "$work/kubeconfig" $api.URL "$work/ca.crt" '    token: valid-token'
        Set-Content "$work/garbage-kubeconfig" "clusters: [this is: not: yaml`n"
    }

    AfterAll {
        Stop-StandIn $api
    }

    It 'gives up on a node after -RequestTimeout and shows progress as nodes finish' {
        $r = Invoke-Fresh @'
$ps = [powershell]::Create()
$null = $ps.AddScript("Import-Module '$((Get-Module KubeletCompliance).Path)'; Test-CisKubelet421 -Kubeconfig ./kubeconfig -RequestTimeout 2")
$clock = [Diagnostics.Stopwatch]::StartNew()
$rows = $ps.Invoke()
[pscustomobject]@{
    Seconds = $clock.Elapsed.TotalSeconds
    Rows = @($rows | Sort-Object ComputerName | ForEach-Object { "$($_.ComputerName)|$($_.Status)|$($_.ErrorId)" })
    Progress = @($ps.Streams.Progress | ForEach-Object StatusDescription)
}
'@
        $r.Rows | Should -Be 'fast|Pass|', 'slow|Error|ConfigzUnavailable'
        $r.Seconds | Should -BeLessThan 20
        $r.Progress | Should -Contain '2 nodes done'
    }

    It 'does not blame TLS certificates for a plain-HTTP server behind https://, and still names a rejected certificate' {
        # A plain-HTTP server where the kubeconfig says https; and the real (TLS) stand-in with a CA that did not sign it.
        $http = [System.Net.HttpListener]::new()
        $httpPort = Get-Random -Minimum 20000 -Maximum 40000
        $http.Prefixes.Add("http://127.0.0.1:$httpPort/")
        $http.Start()
        $serve = Start-ThreadJob { param($h) while ($h.IsListening) { try { $c = $h.GetContext(); $c.Response.StatusCode = 404; $c.Response.Close() } catch { break } } } -ArgumentList $http
        $null = New-StandInKubeconfig "$work/plain-http-kubeconfig" "https://127.0.0.1:$httpPort" "$work/ca.crt" '    token: valid-token'
        $key = [System.Security.Cryptography.ECDsa]::Create()
        $other = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=not-the-cluster-ca', $key, 'SHA256').CreateSelfSigned([DateTimeOffset]::Now.AddDays(-1), [DateTimeOffset]::Now.AddDays(1))
        Set-Content "$work/other-ca.crt" ("-----BEGIN CERTIFICATE-----`n" + [Convert]::ToBase64String($other.RawData, 'InsertLineBreaks') + "`n-----END CERTIFICATE-----")
        $null = New-StandInKubeconfig "$work/wrong-ca-kubeconfig" $api.URL "$work/other-ca.crt" '    token: valid-token'
        try {
            $r = Invoke-Fresh @'
foreach ($path in './plain-http-kubeconfig', './wrong-ca-kubeconfig') {
    try { Test-CisKubelet421 -Kubeconfig $path -ErrorAction Stop | Out-Null; 'no error' } catch { [pscustomobject]@{ Id = $_.FullyQualifiedErrorId; Message = "$_" } }
}
'@
        } finally {
            $http.Stop()
            $serve | Remove-Job -Force
        }
        $r[0].Id | Should -BeLike 'ApiServerUnreachable,*'
        $r[0].Message | Should -Not -Match 'certificate'
        $r[0].Message | Should -Match 'did not answer in TLS.*plain-HTTP'
        $r[1].Id | Should -BeLike 'ApiServerUnreachable,*'
        $r[1].Message | Should -Match 'TLS certificate was not accepted'
    }

    It 'says what is wrong with a missing or garbage kubeconfig' {
        $r = Invoke-Fresh @'
foreach ($path in './no-such-kubeconfig', './garbage-kubeconfig') {
    try { Test-CisKubelet421 -Kubeconfig $path -ErrorAction Stop | Out-Null; 'no error' } catch { [pscustomobject]@{ Id = $_.FullyQualifiedErrorId; Message = "$_" } }
}
'@
        $r[0].Id | Should -BeLike 'KubeconfigInvalid,*'
        $r[0].Message | Should -Match "no-such-kubeconfig' does not exist"
        $r[1].Id | Should -BeLike 'KubeconfigInvalid,*'
        $r[1].Message | Should -Not -Match 'Exception during deserialization\.?$'
        $r[1].Message | Should -Match '(?i)line|col|mapping|yaml'
    }
}

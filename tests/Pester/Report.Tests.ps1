# Export-CisReport through the built module, with each file read by a real consumer: Debian's python3-junitparser
# and npm's junit2json for JUnit, python3-jsonschema against the OASIS SARIF 2.1.0 schema, headless Debian
# chromium (through npm's playwright-core) for HTML. The consumers live in tests/reports (.ci/run installs them).
BeforeDiscovery {
    $consumers = Join-Path $PSScriptRoot '../reports'
    $script:haveConsumers = (Test-Path /usr/bin/chromium) -and (Test-Path (Join-Path $consumers 'node_modules/junit2json')) -and
        $(if (Test-Path /usr/bin/python3) { & /usr/bin/python3 -c 'import junitparser, jsonschema, rfc3987' 2>$null; $LASTEXITCODE -eq 0 } else { $false })
}

BeforeAll {
    Import-Module $env:KUBELETCOMPLIANCE_MODULE -Force
    $script:repo = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:consumers = Join-Path $repo 'tests/reports'
    $script:work = Join-Path ([IO.Path]::GetTempPath()) "kc-pester-report-$PID"
    New-Item -ItemType Directory -Force $work | Out-Null
    # Relative report paths must resolve against PowerShell's location, not the process's working folder.
    Push-Location $work

    # A real fleet (every fixture node), then the same rows as Import-Csv gives them back, plus hostile ones.
    $live = Get-ChildItem (Join-Path $repo 'tests/fixtures/nodes') -Directory | Test-CisKubelet421
    $live | Export-Csv (Join-Path $work 'fleet.csv')
    $hostile = @(
        [pscustomobject]@{ ComputerName = '<script>alert(1)</script>'; ControlId = '4.2.1'; Status = 'Fail'; Reason = 'Reason with <b>markup</b> & "quotes"'
            Remediation = 'Run <img src=x onerror=alert(2)>'; Source = 'ConfigFile'; SourcePath = '/etc/kubernetes/<script>.yaml'; Distribution = '<i>distro</i>'; ErrorId = '' }
        [pscustomobject]@{ ComputerName = "bell`a-node"; ControlId = '4.2.1'; Status = 'error'; Reason = "escape `e[31m sequence"; Remediation = ''
            Source = ''; SourcePath = ''; Distribution = ''; ErrorId = 'NodeUnreachable' }
        [pscustomobject]@{ ComputerName = 'bastion'; ControlId = '4.2.1'; Status = 'NotApplicable'; Reason = 'No kubelet was found on this node.'; Remediation = ''
            Source = 'NotFound'; SourcePath = ''; Distribution = ''; ErrorId = '' }
    )
    $script:rows = @(Import-Csv (Join-Path $work 'fleet.csv')) + $hostile
    $script:clean = { param([string] $text) $text -replace "[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]", [string][char]0xFFFD }
    $script:failing = @($rows | Where-Object Status -in 'Fail', 'Error')

    function Read-JUnit([string] $Path) {
        @{
            junitparser = & /usr/bin/python3 (Join-Path $consumers 'read_junit.py') $Path | ConvertFrom-Json
            junit2json  = & node (Join-Path $consumers 'read-junit.mjs') $Path | ConvertFrom-Json
        }
    }
}

AfterAll {
    Pop-Location
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}

Describe 'Export-CisReport files read by real consumers' -Skip:(-not $haveConsumers -and $env:CI -ne 'true') {
    It 'writes JUnit whose counts, names and failure messages junitparser and junit2json read back' {
        $rows | Export-CisReport fleet.xml -Title 'prod & <test>'
        $expected = @{
            tests = $rows.Count; failures = @($rows | Where-Object Status -eq Fail).Count
            errors = @($rows | Where-Object Status -eq Error).Count; skipped = @($rows | Where-Object Status -eq NotApplicable).Count
        }
        $expected.failures | Should -BeGreaterThan 0
        $expected.errors | Should -BeGreaterThan 0
        foreach ($reader in (Read-JUnit (Join-Path $work 'fleet.xml')).GetEnumerator()) {
            $because = "$($reader.Key) read it"
            $reader.Value.root.tests | Should -Be $expected.tests -Because $because
            $suite = @($reader.Value.suites)
            $suite.Count | Should -Be 1 -Because $because
            $suite = $suite[0]
            $suite.name | Should -Be 'prod & <test>' -Because $because
            foreach ($count in 'tests', 'failures', 'errors', 'skipped') { $suite.$count | Should -Be $expected[$count] -Because "$because ($count)" }
            ([datetime]$suite.timestamp - [datetime]::UtcNow).Duration().TotalMinutes | Should -BeLessThan 10 -Because $because
            $suite.cases.name | Should -Be ($rows | ForEach-Object { & $clean $_.ComputerName }) -Because $because
            for ($i = 0; $i -lt $rows.Count; $i++) {
                $want = @{ Pass = 'passed'; Fail = 'failure'; Error = 'error'; NotApplicable = 'skipped' }[$rows[$i].Status]
                $suite.cases[$i].status | Should -Be $want -Because "$because, $($rows[$i].ComputerName)"
                if ($want -ne 'passed') { $suite.cases[$i].message | Should -Be (& $clean $rows[$i].Reason) -Because $because }
                $suite.cases[$i].classname | Should -BeLike '4.2.1 Ensure that the --anonymous-auth*'
            }
            $script = $suite.cases | Where-Object name -eq '<script>alert(1)</script>'
            $script.body | Should -Match 'Remediation: Run <img src=x onerror=alert\(2\)>'
            $script.body | Should -Match 'SourcePath: /etc/kubernetes/<script>.yaml'
        }
        Get-Content -Raw fleet.xml | Should -Not -Match '[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]'
    }

    It 'writes the same JUnit cases from live rows as from their Import-Csv copy' {
        $live | Export-CisReport live.xml
        Import-Csv fleet.csv | Export-CisReport csv.xml
        $strip = { param($p) (Get-Content -Raw $p) -replace 'time="[^"]*"', '' -replace 'timestamp="[^"]*"', '' }
        & $strip csv.xml | Should -Be (& $strip live.xml)
    }

    It 'writes SARIF that validates against the OASIS SARIF 2.1.0 schema, one result per failing node' {
        $rows | Export-CisReport fleet.sarif
        $out = & /usr/bin/python3 (Join-Path $consumers 'validate_sarif.py') (Join-Path $work 'fleet.sarif')
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        $sarif = Get-Content -Raw fleet.sarif | ConvertFrom-Json
        $results = @($sarif.runs[0].results)
        $results.Count | Should -Be $failing.Count
        $results.locations.logicalLocations.name | Should -Be ($failing | ForEach-Object { & $clean $_.ComputerName })
        $results.level | Should -Be ($failing | ForEach-Object { if ($_.Status -eq 'Fail') { 'error' } else { 'warning' } })
        $withFile = $failing | Where-Object SourcePath | Select-Object -First 1
        ($results | Where-Object { $_.locations[0].logicalLocations[0].name -eq $withFile.ComputerName }).locations[0].physicalLocation.artifactLocation.uri |
            Should -Be ('file://' + (($withFile.SourcePath -split '/' | ForEach-Object { [uri]::EscapeDataString($_) }) -join '/'))
    }

    It 'writes a SARIF file the schema validator rejects once broken (the check can fail)' {
        (Get-Content -Raw fleet.sarif) -replace '"level": "error"', '"level": "fatal"' | Set-Content broken.sarif
        & /usr/bin/python3 (Join-Path $consumers 'validate_sarif.py') (Join-Path $work 'broken.sarif') | Out-Null
        $LASTEXITCODE | Should -Be 1
    }

    It 'writes HTML that chromium renders without console errors, with the chart, and a script-named node as text' {
        $rows | Export-CisReport fleet.html -Title 'Fleet <prod>'
        $json = & node (Join-Path $consumers 'render-html.mjs') (Join-Path $work 'fleet.html') (Join-Path $work 'desktop.png') (Join-Path $work 'phone.png')
        $LASTEXITCODE | Should -Be 0
        $page = $json | ConvertFrom-Json
        $page.console | Should -BeNullOrEmpty
        $page.pageErrors | Should -BeNullOrEmpty
        $page.dialogs | Should -BeNullOrEmpty
        $page.requests | Should -BeNullOrEmpty
        $page.scripts | Should -Be 0
        $page.title | Should -Be 'Fleet <prod>'
        $page.chart | Should -Be 1
        $page.bars | Should -Contain '<i>distro</i>: 1 Fail'
        $page.totals.Nodes | Should -Be $rows.Count
        $page.totals.Fail | Should -Be @($rows | Where-Object Status -eq Fail).Count
        $page.failingNodes | Should -Be ($failing | ForEach-Object { & $clean $_.ComputerName })
        $page.failingNodes | Should -Contain '<script>alert(1)</script>'
        $page.failingRemediation | Should -Contain 'Run <img src=x onerror=alert(2)>'
        $page.otherNodes.Count | Should -Be ($rows.Count - $failing.Count)
        $page.phoneWidth | Should -BeLessOrEqual 390
        (Get-Item desktop.png).Length | Should -BeGreaterThan 10KB
    }
}

Describe 'Export-CisReport as a PowerShell export cmdlet' {
    It 'takes the format from the name, or from -Format, and refuses a name it cannot place' {
        $rows | Export-CisReport report.json -Format Sarif
        (Get-Content -Raw report.json | ConvertFrom-Json).version | Should -Be '2.1.0'
        $rows | Export-CisReport page.HTM
        Get-Content -Raw page.HTM | Should -Match '^<!DOCTYPE html>'
        { $rows | Export-CisReport report.txt -ErrorAction Stop } | Should -Throw -ErrorId 'ReportFormatUnknown,KubeletCompliance.Commands.ExportCisReportCommand'
        Test-Path report.txt | Should -BeFalse
    }

    It 'resolves paths through PowerShell: relative to the location, PowerShell drives, ~' {
        New-Item -ItemType Directory -Force sub | Out-Null
        Push-Location sub
        try { $rows | Export-CisReport ../relative.xml } finally { Pop-Location }
        Test-Path (Join-Path $work 'relative.xml') | Should -BeTrue
        New-PSDrive -Name KcReport -PSProvider FileSystem -Root $work | Out-Null
        try { $rows | Export-CisReport KcReport:/drive.sarif } finally { Remove-PSDrive KcReport }
        Test-Path (Join-Path $work 'drive.sarif') | Should -BeTrue
        $home_ = "kc-report-$PID.html"
        try {
            $rows | Export-CisReport "~/$home_"
            Test-Path (Join-Path $HOME $home_) | Should -BeTrue
        } finally { Remove-Item (Join-Path $HOME $home_) -ErrorAction SilentlyContinue }
        { $rows | Export-CisReport Env:/report.xml -ErrorAction Stop } | Should -Throw -ErrorId 'ReportPathNotFileSystem,*'
        { $rows | Export-CisReport (Join-Path $work 'no-such-folder/r.xml') -ErrorAction Stop } | Should -Throw -ErrorId 'ReportFolderNotFound,*'
        { $rows | Export-CisReport $work -Format JUnit -ErrorAction Stop } | Should -Throw -ErrorId 'ReportPathIsFolder,*'
    }

    It 'says which folder is missing or is named, not the hidden temporary file or the format' {
        $missing = Join-Path $work 'results'
        { $rows | Export-CisReport ./results/kubelet.sarif -ErrorAction Stop } |
            Should -Throw -ExpectedMessage "The folder '$missing' does not exist; create it or name a report in another." -ErrorId 'ReportFolderNotFound,*'
        New-Item -ItemType Directory -Force images | Out-Null
        { $rows | Export-CisReport ./images -ErrorAction Stop } |
            Should -Throw -ExpectedMessage "'$(Join-Path $work 'images')' is a folder; name the report file." -ErrorId 'ReportPathIsFolder,*'
    }

    It 'changes nothing with -WhatIf, and passes rows through with -PassThru' {
        $through = $rows | Export-CisReport whatif.xml -WhatIf -PassThru
        Test-Path whatif.xml | Should -BeFalse
        $through.Count | Should -Be $rows.Count
        $through[0] | Should -Be $rows[0]
    }

    It 'replaces an existing report unless -NoClobber; a read-only one only with -Force, and it stays read-only' {
        Set-Content existing.xml 'old'
        { $rows | Export-CisReport existing.xml -NoClobber -ErrorAction Stop } | Should -Throw -ErrorId 'ReportFileExists,*'
        Get-Content existing.xml | Should -Be 'old'
        $rows | Export-CisReport existing.xml
        Get-Content -Raw existing.xml | Should -Match '<testsuites'

        Set-Content readonly.xml 'old'
        (Get-Item readonly.xml).IsReadOnly = $true
        { $rows | Export-CisReport readonly.xml -ErrorAction Stop } | Should -Throw -ErrorId 'ReportFileReadOnly,*'
        Get-Content readonly.xml | Should -Be 'old'
        $rows | Export-CisReport readonly.xml -Force
        Get-Content -Raw readonly.xml | Should -Match '<testsuites'
        (Get-Item readonly.xml).IsReadOnly | Should -BeTrue
    }

    It 'keeps the replaced report''s mode and, as root, its owner, as Export-Csv rewriting in place does' {
        Set-Content kept.html 'old'
        & chmod 0640 kept.html
        $rows | Export-CisReport kept.html
        Get-Content -Raw kept.html | Should -Match '^<!DOCTYPE html>'
        (Get-Item kept.html).UnixMode | Should -Be '-rw-r-----'
        $rows | Export-CisReport fresh.html
        (Get-Item fresh.html).UnixMode | Should -Not -Be '-rw-r-----'
        if ((id -u) -eq '0') {
            # Another user's file is read-only to .NET's (and Export-Csv's) check, even for root: -Force.
            Set-Content owned.html 'old'
            & chown nobody owned.html
            $rows | Export-CisReport owned.html -Force
            Get-Content -Raw owned.html | Should -Match '^<!DOCTYPE html>'
            (Get-Item owned.html).User | Should -Be 'nobody'
        }
    }

    It 'leaves the previous report and no temporary file when the pipeline stops early' {
        Set-Content stopped.html 'previous'
        { $rows | ForEach-Object { if ($_.ComputerName -eq 'bastion') { throw 'upstream failed' }; $_ } | Export-CisReport stopped.html } | Should -Throw 'upstream failed'
        Get-Content stopped.html | Should -Be 'previous'
        Get-ChildItem -Force -Filter '.*tmp' | Should -BeNullOrEmpty
    }

    It 'fails with ReportWriteFailed on a full disk, leaving the previous report and no temporary file' -Skip:((id -u) -ne '0' -and $env:CI -ne 'true') {
        $tiny = Join-Path $work 'tiny'
        New-Item -ItemType Directory -Force $tiny | Out-Null
        & mount -t tmpfs -o size=64k tmpfs $tiny
        $LASTEXITCODE | Should -Be 0
        try {
            foreach ($name in 'full.html', 'full.xml', 'full.sarif') {
                $report = Join-Path $tiny $name
                Set-Content $report 'previous'
                { 1..40 | ForEach-Object { $rows } | Export-CisReport $report -ErrorAction Stop } | Should -Throw -ErrorId 'ReportWriteFailed,*'
                Get-Content $report | Should -Be 'previous'
            }
            (Get-ChildItem -Force $tiny).Name | Sort-Object | Should -Be @('full.html', 'full.sarif', 'full.xml')
        } finally {
            & umount $tiny
        }
    }

    It 'reports a row it cannot describe as an error with a stable id and writes the rest' {
        $bad = [pscustomobject]@{ ComputerName = 'odd'; Status = 'Maybe' }
        $rows[0], $bad, $rows[1] | Export-CisReport partial.xml -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'ReportRowUnknownStatus,KubeletCompliance.Commands.ExportCisReportCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $problems[0].TargetObject.ComputerName | Should -Be 'odd'
        ([xml](Get-Content -Raw partial.xml)).testsuites.tests | Should -Be '2'

        { $rows[0], $bad | Export-CisReport stopped.xml -ErrorAction Stop } | Should -Throw -ErrorId 'ReportRowUnknownStatus,*'
        Test-Path stopped.xml | Should -BeFalse

        # A setting row (Get-KubeletAnonymousAuth) has a ComputerName but no verdict.
        $setting = Get-KubeletAnonymousAuth -Root (Join-Path $repo 'tests/fixtures/nodes/kubeadm-current')
        $setting | Export-CisReport setting.xml -ErrorVariable missing -ErrorAction SilentlyContinue
        $missing[0].FullyQualifiedErrorId | Should -Be 'ReportRowMissingProperty,KubeletCompliance.Commands.ExportCisReportCommand'
        $missing[0].Exception.Message | Should -BeLike '*has no Status*'
        Get-ChildItem -Force -Filter '.kcreport-*' | Should -BeNullOrEmpty
    }

    It 'fails a build in one line when any node fails, and only then' {
        $nodes = Join-Path $repo 'tests/fixtures/nodes'
        $line = 'if ({0} | Test-CisKubelet421 | Export-CisReport cis.xml -PassThru | Where-Object Status -in Fail, Error) {{ exit 1 }}'
        & dotnet $env:KUBELETCOMPLIANCE_PWSH -NoProfile -NonInteractive -Command "Import-Module '$env:KUBELETCOMPLIANCE_MODULE'; $($line -f "Get-ChildItem '$nodes' -Directory")"
        $LASTEXITCODE | Should -Be 1
        ([xml](Get-Content -Raw cis.xml)).testsuites.failures | Should -BeGreaterThan 0
        Remove-Item cis.xml
        & dotnet $env:KUBELETCOMPLIANCE_PWSH -NoProfile -NonInteractive -Command "Import-Module '$env:KUBELETCOMPLIANCE_MODULE'; $($line -f "Get-Item '$nodes/kubeadm-current', '$nodes/aks'")"
        $LASTEXITCODE | Should -Be 0
        ([xml](Get-Content -Raw cis.xml)).testsuites.tests | Should -Be '2'
    }
}

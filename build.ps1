#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds, tests and packages the KubeletCompliance module.
.DESCRIPTION
    Build   (default) builds the importable module into out/KubeletCompliance/.
    Test    builds, then runs every xunit project and every Pester file against the built module, each in a
            fresh process, and ends with one line: "N passed, N failed, N skipped".
    Demo    builds, then audits this machine and the example node trees under examples/.
    Package builds, then writes out/KubeletCompliance.<version>.nupkg for a PowerShell repository.
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Package', 'Clean')]
    [string] $Task = 'Build',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    # Pester files to run (default: all under tests/Pester); xunit still runs unless -SkipXunit.
    [string[]] $PesterPath,
    [switch] $SkipXunit
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$repo = $PSScriptRoot
$out = Join-Path $repo 'out'
$moduleOut = Join-Path $out 'KubeletCompliance'
$pwshHost = Join-Path $PSHOME 'pwsh.dll'

function Invoke-Native {
    param([string] $Command, [string[]] $Arguments)
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0) { throw "'$Command $($Arguments -join ' ')' failed with exit code $LASTEXITCODE" }
}

function Get-ModuleVersion {
    [xml] $props = Get-Content -Raw (Join-Path $repo 'Directory.Build.props')
    return $props.Project.PropertyGroup.Version
}

# The CHANGELOG.md section of the version being built, so the manifest's ReleaseNotes never go stale.
function Get-ReleaseNotes([string] $Version) {
    $changelog = Get-Content -Raw (Join-Path $repo 'CHANGELOG.md')
    $section = [regex]::Match($changelog, '(?ms)^## ' + [regex]::Escape($Version) + '[ \t]*\r?$(.*?)(?=^## |\z)')
    if (-not $section.Success) { throw "CHANGELOG.md has no '## $Version' section for the version in Directory.Build.props" }
    return $section.Groups[1].Value.Trim()
}

function Invoke-Build {
    if (Test-Path $moduleOut) { Remove-Item -Recurse -Force $moduleOut }
    $dependencies = New-Item -ItemType Directory -Force (Join-Path $moduleOut 'dependencies')
    $engine = Join-Path $out 'obj/engine'
    if (Test-Path $engine) { Remove-Item -Recurse -Force $engine }

    Invoke-Native dotnet @('build', "$repo/src/KubeletCompliance/KubeletCompliance.csproj", '-c', $Configuration, '--nologo', '-v', 'q')
    # The engine and everything it needs, published together, go where only our load context looks.
    # Cluster mode (.NET 8, the Kubernetes client) goes first so the engine's own copies of shared files win.
    Invoke-Native dotnet @('publish', "$repo/src/KubeletCompliance.Cluster/KubeletCompliance.Cluster.csproj", '-c', $Configuration, '-o', $engine, '--nologo', '-v', 'q')
    Invoke-Native dotnet @('publish', "$repo/src/KubeletCompliance.Transports/KubeletCompliance.Transports.csproj", '-c', $Configuration, '-o', $engine, '--nologo', '-v', 'q')
    Copy-Item (Join-Path $engine '*.dll') $dependencies

    $cmdletBin = Join-Path $repo "src/KubeletCompliance/bin/$Configuration/netstandard2.0"
    Copy-Item (Join-Path $cmdletBin 'KubeletCompliance.dll') $moduleOut
    Copy-Item (Join-Path $repo 'src/KubeletCompliance/KubeletCompliance.Format.ps1xml') $moduleOut
    Copy-Item (Join-Path $repo 'LICENSE') $moduleOut

    $manifest = Get-Content -Raw (Join-Path $repo 'KubeletCompliance.psd1')
    $manifest = $manifest -replace "ModuleVersion(\s*)= '[^']*'", "ModuleVersion`$1= '$(Get-ModuleVersion)'"
    $notes = (Get-ReleaseNotes (Get-ModuleVersion)).Replace("'", "''")
    $manifest = $manifest -replace "ReleaseNotes(\s*)= '[^']*'", { "ReleaseNotes$($_.Groups[1].Value)= '$notes'" }
    Set-Content -Path (Join-Path $moduleOut 'KubeletCompliance.psd1') -Value $manifest -NoNewline

    # Help is written from readable sources under src/KubeletCompliance/Help, with parameter facts taken from
    # the built cmdlets themselves, in a fresh process so this one never loads the module.
    Invoke-Native dotnet @($pwshHost, '-NoProfile', '-NonInteractive', '-File', "$repo/tools/New-ModuleHelp.ps1",
        '-ModulePath', (Join-Path $moduleOut 'KubeletCompliance.psd1'),
        '-HelpSource', (Join-Path $repo 'src/KubeletCompliance/Help'),
        '-Destination', (Join-Path $moduleOut 'en-US'))
    Write-Host "Built $moduleOut (version $(Get-ModuleVersion))"
}

function Get-TrxCounts {
    param([string] $Folder)
    $totals = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }
    foreach ($trx in Get-ChildItem -Path $Folder -Filter *.trx -Recurse) {
        [xml] $doc = Get-Content -Raw $trx.FullName
        $counters = $doc.TestRun.ResultSummary.Counters
        $totals.Passed += [int] $counters.passed
        $totals.Failed += [int] $counters.failed + [int] $counters.error + [int] $counters.timeout + [int] $counters.aborted
        $totals.Skipped += [int] $counters.notExecuted
    }
    return $totals
}

function Invoke-Test {
    $results = Join-Path $out 'test-results'
    if (Test-Path $results) { Remove-Item -Recurse -Force $results }
    New-Item -ItemType Directory -Force $results | Out-Null
    $passed = 0; $failed = 0; $skipped = 0

    if (-not $SkipXunit) {
        foreach ($project in Get-ChildItem -Path (Join-Path $repo 'tests') -Filter *.Tests.csproj -Recurse) {
            $folder = Join-Path $results $project.BaseName
            & dotnet test $project.FullName -c $Configuration --nologo --logger "trx;LogFileName=$($project.BaseName).trx" --results-directory $folder | Out-Host
            $counts = Get-TrxCounts $folder
            if ($LASTEXITCODE -ne 0 -and $counts.Failed -eq 0) { $counts.Failed = 1 }  # a build or host failure counts as a failure
            $passed += $counts.Passed; $failed += $counts.Failed; $skipped += $counts.Skipped
        }
    }

    $pesterSummary = Join-Path $results 'pester.json'
    $paths = if ($PesterPath) { $PesterPath } else { @(Join-Path $repo 'tests/Pester') }
    & dotnet $pwshHost -NoProfile -NonInteractive -File (Join-Path $repo 'tools/Invoke-PesterTests.ps1') `
        -ModulePath (Join-Path $moduleOut 'KubeletCompliance.psd1') -Path ($paths -join ',') -SummaryPath $pesterSummary | Out-Host
    if (Test-Path $pesterSummary) {
        $pester = Get-Content -Raw $pesterSummary | ConvertFrom-Json
        $passed += $pester.Passed; $failed += $pester.Failed; $skipped += $pester.Skipped
    } else {
        $failed += 1
    }

    $script:summary = if ($skipped -gt 0) { "$passed passed, $failed failed, $skipped skipped" } else { "$passed passed, $failed failed" }
    return $failed
}

function Invoke-Demo {
    Import-Module (Join-Path $moduleOut 'KubeletCompliance.psd1') -Force
    Write-Host "`nThis machine:"
    Test-CisKubelet421 | Format-Table -AutoSize | Out-Host
    Write-Host "Example node trees under examples/:"
    Get-ChildItem (Join-Path $repo 'examples') -Directory | Test-CisKubelet421 | Format-Table -AutoSize | Out-Host
    Get-ChildItem (Join-Path $repo 'examples') -Directory | Get-KubeletAnonymousAuth | Format-Table -AutoSize | Out-Host
}

switch ($Task) {
    'Clean' { if (Test-Path $out) { Remove-Item -Recurse -Force $out } }
    'Build' { Invoke-Build }
    'Demo' { Invoke-Build; Invoke-Demo }
    'Package' { Invoke-Build; & (Join-Path $repo 'tools/New-ModulePackage.ps1') -ModuleFolder $moduleOut -Destination $out }
    'Test' {
        # CI reads only the last line: a build that fails must still end with a summary.
        try { Invoke-Build } catch { Write-Host "Build failed: $_"; Write-Host '0 passed, 1 failed'; exit 1 }
        $failures = Invoke-Test
        Write-Host $script:summary
        exit ([int]($failures -gt 0))
    }
}

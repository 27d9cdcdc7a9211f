<#
.SYNOPSIS
    Runs the Pester tests against the built module and writes their counts to a JSON file for build.ps1.
    Pester, and the other YamlDotNet the isolation tests load, come from the NuGet cache (restored through
    tests/Pester/Pester.proj).
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    # Comma-separated: a native command line hands an array over as one word.
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] [string] $SummaryPath
)

$ErrorActionPreference = 'Stop'
$repo = Split-Path -Parent $PSScriptRoot
[xml] $proj = Get-Content -Raw (Join-Path $repo 'tests/Pester/Pester.proj')
$nugetRoot = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME '.nuget/packages' }
$pesterManifest = Join-Path $nugetRoot "pester/$($proj.Project.PropertyGroup.PesterVersion)/tools/Pester.psd1"
$otherYamlDotNet = Join-Path $nugetRoot "yamldotnet/$($proj.Project.PropertyGroup.OtherYamlDotNetVersion)/lib/netstandard2.0/YamlDotNet.dll"
if (-not (Test-Path $pesterManifest) -or -not (Test-Path $otherYamlDotNet)) {
    & dotnet restore (Join-Path $repo 'tests/Pester/Pester.proj') --nologo -v q | Out-Host
}
Import-Module $pesterManifest -Force

# Tests import the built module (and start fresh pwsh processes) from these.
$env:KUBELETCOMPLIANCE_MODULE = $ModulePath
$env:KUBELETCOMPLIANCE_PWSH = Join-Path $PSHOME 'pwsh.dll'
$env:KUBELETCOMPLIANCE_OTHER_YAMLDOTNET = $otherYamlDotNet

$config = New-PesterConfiguration
$config.Run.Path = [string[]] ($Path -split ',' | ForEach-Object { (Resolve-Path $_).Path })
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.TestResult.Enabled = $true
$config.TestResult.OutputPath = [System.IO.Path]::ChangeExtension($SummaryPath, '.xml')
$result = Invoke-Pester -Configuration $config

# A run in which no test ran (a path that does not exist, a file that does not parse) is a failure, not a pass.
$ran = if ($result) { $result.PassedCount + $result.FailedCount + $result.SkippedCount + $result.NotRunCount } else { 0 }
[ordered]@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount + [int]($ran -eq 0)
    Skipped = $result.SkippedCount + $result.NotRunCount
} | ConvertTo-Json | Set-Content -Path $SummaryPath

<#
.SYNOPSIS
    Writes docs/syntax.md: Get-Command <cmdlet> -Syntax for every cmdlet of the built module.
.DESCRIPTION
    tests/Pester/Surface.ParameterSets.Tests.ps1 fails when docs/syntax.md or the README's "Syntax" section differ from
    the built module; run this after changing a parameter, then copy the blocks into README.md.
        dotnet pwsh ./build.ps1; dotnet pwsh ./tools/Write-SyntaxDoc.ps1
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/KubeletCompliance/KubeletCompliance.psd1'),
    [string] $Destination = (Join-Path $PSScriptRoot '../docs/syntax.md')
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
$lines = @(
    '# Syntax'
    ''
    'What `Get-Command <cmdlet> -Syntax` prints for each cmdlet of the built module, one line per parameter set (written'
    'by `tools/Write-SyntaxDoc.ps1`; `tests/Pester/Surface.ParameterSets.Tests.ps1` checks it, and the README''s copy, against the module).'
)
foreach ($name in (Get-Command -Module KubeletCompliance -CommandType Cmdlet).Name | Sort-Object) {
    $lines += '', "## $name", '', '```text'
    $lines += (Get-Command $name -Syntax) -split '\r?\n' | Where-Object { $_.Trim() }
    $lines += '```'
}
Set-Content -Path $Destination -Value ($lines -join "`n") -NoNewline
Add-Content -Path $Destination -Value "`n" -NoNewline

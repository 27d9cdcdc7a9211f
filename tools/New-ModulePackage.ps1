<#
.SYNOPSIS
    Writes <Destination>/<module>.<version>.nupkg from a built module folder, for a PowerShell repository.
.DESCRIPTION
    PSResourceGet builds the package itself, so what lands in out/ is exactly what Publish-PSResource would send
    to a gallery: it publishes to a file-system repository in a temporary folder, registered under a name of its
    own for the length of this script and unregistered after, and copies the .nupkg out. Works offline.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleFolder,
    [Parameter(Mandatory)] [string] $Destination
)

$ErrorActionPreference = 'Stop'
Import-Module Microsoft.PowerShell.PSResourceGet

$name = Split-Path -Leaf $ModuleFolder
$version = (Import-PowerShellDataFile (Join-Path $ModuleFolder "$name.psd1")).ModuleVersion
$feed = Join-Path ([IO.Path]::GetTempPath()) ("$name-feed-" + [guid]::NewGuid().ToString('N'))
$repository = "$name-package-" + [guid]::NewGuid().ToString('N')
New-Item -ItemType Directory -Force $feed | Out-Null
try {
    Register-PSResourceRepository -Name $repository -Uri $feed -Trusted
    try {
        # The module has no RequiredModules; skipping the check keeps PSResourceGet from looking anything up.
        Publish-PSResource -Path $ModuleFolder -Repository $repository -SkipDependenciesCheck
    } finally {
        Unregister-PSResourceRepository -Name $repository
    }
    $package = Join-Path $feed "$name.$version.nupkg"
    if (-not (Test-Path $package)) { throw "Publish-PSResource wrote no $name.$version.nupkg in $feed" }
    New-Item -ItemType Directory -Force $Destination | Out-Null
    Copy-Item $package $Destination -Force
    Write-Host "Packaged $(Join-Path $Destination "$name.$version.nupkg")"
} finally {
    Remove-Item -Recurse -Force $feed -ErrorAction SilentlyContinue
}

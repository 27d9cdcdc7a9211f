# The package as a user gets it: built by tools/New-ModulePackage.ps1 (what build.ps1 -Task Package runs),
# published to a file-system repository, installed from it by name into an empty module path, imported by name.
BeforeAll {
    $script:modulePath = $env:KUBELETCOMPLIANCE_MODULE
    $script:pwsh = $env:KUBELETCOMPLIANCE_PWSH
    $script:repo = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:yamlNode = Join-Path $repo 'tests/fixtures/nodes/kubeadm-current'
    $script:manifest = Import-PowerShellDataFile $modulePath
    $script:version = $manifest.ModuleVersion

    $script:work = Join-Path ([IO.Path]::GetTempPath()) ('kc-package-' + [guid]::NewGuid().ToString('N'))
    $script:feed = New-Item -ItemType Directory -Force (Join-Path $work 'feed')
    $script:userHome = New-Item -ItemType Directory -Force (Join-Path $work 'home')
    $script:repositoryName = 'KubeletComplianceTest-' + [guid]::NewGuid().ToString('N')

    # PSResourceGet keeps registered repositories, and Install-PSResource its CurrentUser modules, under the user's
    # home: the child processes get a home of their own, so this test never touches the real one's settings.
    function Invoke-IsolatedPwsh([string] $Script) {
        $saved = @{}
        $isolated = @{
            HOME            = "$userHome"
            XDG_DATA_HOME   = Join-Path $userHome '.local/share'
            XDG_CONFIG_HOME = Join-Path $userHome '.config'
            XDG_CACHE_HOME  = Join-Path $userHome '.cache'
            PSModulePath    = $null
        }
        foreach ($name in $isolated.Keys) {
            $saved[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $isolated[$name])
        }
        try {
            $output = & dotnet $pwsh -NoProfile -NonInteractive -Command ("`$ErrorActionPreference = 'Stop'`n" + $Script) 2>&1 | ForEach-Object { "$_" }
            if ($LASTEXITCODE -ne 0) { throw "The child pwsh failed with exit code ${LASTEXITCODE}:`n$($output -join "`n")" }
            $line = $output | Where-Object { $_.StartsWith('RESULT:') } | Select-Object -Last 1
            if (-not $line) { throw "The child pwsh wrote no result:`n$($output -join "`n")" }
            $line.Substring('RESULT:'.Length) | ConvertFrom-Json
        } finally {
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
    }

    $script:repositoriesAfterPackaging = Invoke-IsolatedPwsh @"
& '$repo/tools/New-ModulePackage.ps1' -ModuleFolder '$(Split-Path $modulePath)' -Destination '$feed' | Out-Null
'RESULT:' + (ConvertTo-Json -Compress @(Get-PSResourceRepository | ForEach-Object Name))
"@
    $script:package = Join-Path $feed "KubeletCompliance.$version.nupkg"
}

AfterAll {
    Invoke-IsolatedPwsh @"
Get-PSResourceRepository -Name '$repositoryName' -ErrorAction SilentlyContinue | Unregister-PSResourceRepository
'RESULT:true'
"@ | Out-Null
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}

Describe 'The module package' {
    It 'is named after the module and the version from Directory.Build.props, and leaves no repository registered' {
        [xml] $props = Get-Content -Raw (Join-Path $repo 'Directory.Build.props')
        $version | Should -Be $props.Project.PropertyGroup.Version
        $package | Should -Exist
        $repositoriesAfterPackaging | Should -Be @('PSGallery')
    }

    It 'holds the whole module folder and a nuspec with the gallery metadata' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead($package)
        try {
            $entries = $zip.Entries.FullName
            $nuspecEntry = $zip.Entries | Where-Object FullName -EQ 'KubeletCompliance.nuspec'
            $reader = [IO.StreamReader]::new($nuspecEntry.Open())
            try { [xml] $nuspec = $reader.ReadToEnd() } finally { $reader.Dispose() }
        } finally { $zip.Dispose() }

        $built = Get-ChildItem -Recurse -File (Split-Path $modulePath) |
            ForEach-Object { [IO.Path]::GetRelativePath((Split-Path $modulePath), $_.FullName).Replace('\', '/') }
        foreach ($file in $built) { $entries | Should -Contain $file }
        $entries | Should -Contain 'dependencies/YamlDotNet.dll'
        $entries | Should -Contain 'dependencies/Renci.SshNet.dll'
        $entries | Should -Contain 'en-US/about_KubeletCompliance.help.txt'

        $metadata = $nuspec.package.metadata
        $metadata.id | Should -Be 'KubeletCompliance'
        $metadata.version | Should -Be $version
        $metadata.projectUrl | Should -Be $manifest.PrivateData.PSData.ProjectUri
        $metadata.tags | Should -Match 'CIS'
        $metadata.tags | Should -Match 'PSModule'
        $metadata.releaseNotes | Should -Match 'Test-CisKubelet421'
    }

    It 'installs by name from a file-system repository into an empty module path, then imports by name and audits' {
        $installed = Invoke-IsolatedPwsh @"
Register-PSResourceRepository -Name '$repositoryName' -Uri '$feed' -Trusted
try {
    Install-PSResource -Name KubeletCompliance -Repository '$repositoryName' -TrustRepository -Scope CurrentUser -Quiet
    `$info = Get-InstalledPSResource -Name KubeletCompliance
} finally {
    Unregister-PSResourceRepository -Name '$repositoryName'
}
'RESULT:' + (ConvertTo-Json -Compress ([pscustomobject]@{ Version = `$info.Version.ToString(); Path = `$info.InstalledLocation }))
"@
        $installed.Version | Should -Be $version
        $installed.Path | Should -BeLike "$userHome*"

        # Only the folder Install-PSResource filled, plus pwsh's own modules: the name must resolve to the install.
        $modules = Join-Path $userHome '.local/share/powershell/Modules'
        $r = Invoke-IsolatedPwsh @"
`$env:PSModulePath = '$modules' + [IO.Path]::PathSeparator + (Join-Path `$PSHOME 'Modules')
Import-Module KubeletCompliance
`$audit = Test-CisKubelet421 -Root '$yamlNode'
'RESULT:' + (ConvertTo-Json -Compress ([pscustomobject]@{ Base = (Get-Module KubeletCompliance).ModuleBase; Status = `$audit.Status }))
"@
        $r.Base | Should -BeLike "$modules*"
        $r.Status | Should -Be 'Pass'
    }
}

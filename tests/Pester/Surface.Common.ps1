# What every Surface.*.Tests.ps1 file shares, dot-sourced in its BeforeAll: the built module, a scratch folder that
# is the user's current folder (not the repository) with copies of node images, and Invoke-Fresh.
# (Issue 12: the module as a PowerShell user meets it.)
$script:modulePath = $env:KUBELETCOMPLIANCE_MODULE
$script:pwsh = $env:KUBELETCOMPLIANCE_PWSH
$script:repo = (Resolve-Path "$PSScriptRoot/../..").Path
$script:work = Join-Path ([IO.Path]::GetTempPath()) "kc-surface-$PID-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
New-Item -ItemType Directory -Force "$work/home", "$work/images" | Out-Null
foreach ($name in 'kubeadm-current', 'kubeadm-1.10', 'openshift4') {
    Copy-Item -Recurse "$repo/tests/fixtures/nodes/$name" "$work/images/$name"
}
$script:password = [pscredential]::new('ops', (ConvertTo-SecureString 'not-used' -AsPlainText -Force))

# Runs $Script in a fresh pwsh in $work with the module imported and HOME=$work/home; returns what it wrote, read
# back from JSON (so scripts write plain values or [pscustomobject]s).
function script:Invoke-Fresh([string] $Script) {
    $file = Join-Path $work "script-$([guid]::NewGuid().ToString('N')).ps1"
    $result = "$file.json"
    Set-Content -Path $file -Value @"
Import-Module '$modulePath'
`$credential = [pscredential]::new('ops', (ConvertTo-SecureString 'not-used' -AsPlainText -Force))
`$out = @(& { $Script })
ConvertTo-Json -InputObject `$out -Depth 4 | Set-Content '$result'
"@
    $saved = $env:HOME
    Push-Location $work
    try {
        $env:HOME = "$work/home"
        $console = & dotnet $pwsh -NoProfile -NonInteractive -File $file 2>&1 | Out-String
    } finally {
        Pop-Location
        $env:HOME = $saved
    }
    if (-not (Test-Path $result)) { throw "The fresh pwsh wrote no result:`n$console" }
    @(Get-Content -Raw $result | ConvertFrom-Json)
}

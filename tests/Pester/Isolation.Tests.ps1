# Proves that the module's YamlDotNet and SSH.NET never meet another module's copies, whichever loads first,
# and that the module can be removed and imported again. Each case runs in a fresh pwsh: load order is the point.
BeforeAll {
    $script:modulePath = $env:KUBELETCOMPLIANCE_MODULE
    $script:pwsh = $env:KUBELETCOMPLIANCE_PWSH
    $script:otherYamlDotNet = $env:KUBELETCOMPLIANCE_OTHER_YAMLDOTNET
    $script:repo = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:yamlNode = Join-Path $repo 'tests/fixtures/nodes/kubeadm-current'

    # Functions every child script starts with: where each copy of an assembly came from, and a use of the
    # other YamlDotNet through the type names PowerShell resolves, as another module's script would.
    $script:prologue = @'
$ErrorActionPreference = 'Stop'
function Get-ContextName([System.Reflection.Assembly] $Assembly) {
    $context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($Assembly)
    if ([object]::ReferenceEquals($context, [System.Runtime.Loader.AssemblyLoadContext]::Default)) { 'Default' } else { $context.GetType().FullName }
}
function Get-Copies([string] $Name) {
    [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq $Name } | ForEach-Object {
        [pscustomobject]@{ Version = $_.GetName().Version.ToString(); Context = Get-ContextName $_ }
    }
}
function Use-OtherYamlDotNet {
    $deserializer = [YamlDotNet.Serialization.DeserializerBuilder]::new().Build()
    $doc = $deserializer.Deserialize([System.IO.StringReader]::new("authentication:`n  anonymous:`n    enabled: true`n"))
    $assembly = [YamlDotNet.Serialization.Deserializer].Assembly
    [pscustomobject]@{ Enabled = $doc['authentication']['anonymous']['enabled']; Version = $assembly.GetName().Version.ToString(); Context = Get-ContextName $assembly }
}
function Write-Result($Value) { 'RESULT:' + (ConvertTo-Json -InputObject $Value -Compress -Depth 5) }
'@

    function Invoke-FreshPwsh([string] $Script) {
        $output = & dotnet $pwsh -NoProfile -NonInteractive -Command ($prologue + "`n" + $Script) 2>&1 | ForEach-Object { "$_" }
        if ($LASTEXITCODE -ne 0) { throw "The child pwsh failed with exit code ${LASTEXITCODE}:`n$($output -join "`n")" }
        $line = $output | Where-Object { $_.StartsWith('RESULT:') } | Select-Object -Last 1
        if (-not $line) { throw "The child pwsh wrote no result:`n$($output -join "`n")" }
        $line.Substring('RESULT:'.Length) | ConvertFrom-Json
    }
}

Describe 'Another module''s YamlDotNet in the same session' {
    BeforeAll {
        $script:otherMajor = ([Reflection.AssemblyName]::GetAssemblyName($otherYamlDotNet)).Version.Major
    }

    It 'loaded first, leaves ours to audit a YAML-configured node and keeps working itself' {
        $r = Invoke-FreshPwsh @"
Add-Type -Path '$otherYamlDotNet'
Import-Module '$modulePath'
`$audit = Test-CisKubelet421 -Root '$yamlNode'
Write-Result ([pscustomobject]@{ Status = `$audit.Status; Source = `$audit.Source; Other = Use-OtherYamlDotNet; Copies = @(Get-Copies 'YamlDotNet') })
"@
        $r.Status | Should -Be 'Pass'
        $r.Source | Should -Be 'ConfigFile'
        $r.Other.Enabled | Should -Be 'true'
        ([version] $r.Other.Version).Major | Should -Be $otherMajor
        $r.Other.Context | Should -Be 'Default'
        $r.Copies.Count | Should -Be 2
        ($r.Copies | Where-Object Context -EQ 'Default').Version | Should -Be $r.Other.Version
        ($r.Copies | Where-Object Context -EQ 'KubeletCompliance.Loading.PrivateLoadContext').Version | Should -Match '^18\.'
    }

    It 'loaded after ours has audited, is the one PowerShell''s type names find, and ours goes on auditing' {
        $r = Invoke-FreshPwsh @"
Import-Module '$modulePath'
`$before = Test-CisKubelet421 -Root '$yamlNode'
Add-Type -Path '$otherYamlDotNet'
`$other = Use-OtherYamlDotNet
`$after = Test-CisKubelet421 -Root '$yamlNode'
Write-Result ([pscustomobject]@{ Before = `$before.Status; After = `$after.Status; Other = `$other; Copies = @(Get-Copies 'YamlDotNet') })
"@
        $r.Before | Should -Be 'Pass'
        $r.After | Should -Be 'Pass'
        $r.Other.Enabled | Should -Be 'true'
        ([version] $r.Other.Version).Major | Should -Be $otherMajor
        $r.Other.Context | Should -Be 'Default'
        $r.Copies.Count | Should -Be 2
    }
}

Describe 'Another module''s SSH.NET in the same session' {
    BeforeAll {
        # A stand-in for another module's SSH.NET: same assembly name, another version, compiled here with the
        # Roslyn that ships in pwsh (Add-Type -OutputAssembly names the assembly at random), so the test needs no
        # second SSH.NET package. This process only writes it; the child processes load it.
        $script:standIn = Join-Path $TestDrive 'other-sshnet/Renci.SshNet.dll'
        New-Item -ItemType Directory -Force (Split-Path $standIn) | Out-Null
        $source = @'
[assembly: System.Reflection.AssemblyVersion("1.0.0.0")]
namespace Renci.SshNet { public static class StandIn { public static string Origin { get { return "another module"; } } } }
'@
        Add-Type -AssemblyName Microsoft.CodeAnalysis.CSharp
        $references = [object].Assembly.Location, (Join-Path ([IO.Path]::GetDirectoryName([object].Assembly.Location)) 'System.Runtime.dll') |
            ForEach-Object { [Microsoft.CodeAnalysis.MetadataReference]::CreateFromFile($_) }
        $compilation = [Microsoft.CodeAnalysis.CSharp.CSharpCompilation]::Create('Renci.SshNet',
            [Microsoft.CodeAnalysis.SyntaxTree[]] @([Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree]::ParseText($source)),
            [Microsoft.CodeAnalysis.MetadataReference[]] @($references),
            [Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions]::new([Microsoft.CodeAnalysis.OutputKind]::DynamicallyLinkedLibrary))
        $stream = [IO.File]::Create($standIn)
        try { $emitted = $compilation.Emit($stream) } finally { $stream.Dispose() }
        if (-not $emitted.Success) { throw "Could not build the Renci.SshNet stand-in: $($emitted.Diagnostics -join '; ')" }

        # SSH.NET parses a PKCS#8 key with System.Formats.Asn1, one of the dependencies that could clash with pwsh's.
        $script:keyPath = Join-Path $TestDrive 'id_rsa.pem'
        $rsa = [System.Security.Cryptography.RSA]::Create(2048)
        try { Set-Content -Path $keyPath -Value $rsa.ExportPkcs8PrivateKeyPem() } finally { $rsa.Dispose() }
    }

    It 'loaded first, leaves ours to resolve its own SSH.NET and dependencies, and to audit' {
        $r = Invoke-FreshPwsh @"
Add-Type -Path '$standIn'
Import-Module '$modulePath'
`$audit = Test-CisKubelet421 -Root '$yamlNode'
`$core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'KubeletCompliance.Core' }
`$ours = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$core)
`$ssh = `$ours.LoadFromAssemblyName([System.Reflection.AssemblyName] 'Renci.SshNet')
`$dependencies = `$ssh.GetReferencedAssemblies() | ForEach-Object {
    `$resolved = `$ours.LoadFromAssemblyName(`$_)
    [pscustomobject]@{ Name = `$_.Name; Asked = `$_.Version.ToString(); Got = `$resolved.GetName().Version.ToString(); Context = Get-ContextName `$resolved }
}
`$key = [Activator]::CreateInstance(`$ssh.GetType('Renci.SshNet.PrivateKeyFile', `$true), [object[]] @([string] '$keyPath'))
Write-Result ([pscustomobject]@{
    Status = `$audit.Status; Copies = @(Get-Copies 'Renci.SshNet'); StandIn = [Renci.SshNet.StandIn]::Origin
    Dependencies = @(`$dependencies); KeyType = `$key.Key.GetType().Name
})
"@
        $r.Status | Should -Be 'Pass'
        $r.Copies.Count | Should -Be 2
        ($r.Copies | Where-Object Context -EQ 'Default').Version | Should -Be '1.0.0.0'
        ($r.Copies | Where-Object Context -EQ 'KubeletCompliance.Loading.PrivateLoadContext').Version | Should -Match '^2026\.'
        $r.StandIn | Should -Be 'another module'
        $r.KeyType | Should -Be 'RsaKey'
        foreach ($dependency in $r.Dependencies) {
            [version] $dependency.Got | Should -BeGreaterOrEqual ([version] $dependency.Asked) -Because "$($dependency.Name) must satisfy SSH.NET"
        }
        ($r.Dependencies | Where-Object Name -EQ 'BouncyCastle.Cryptography').Context | Should -Be 'KubeletCompliance.Loading.PrivateLoadContext'
        ($r.Dependencies | Where-Object Name -EQ 'Microsoft.Extensions.Logging.Abstractions').Context | Should -Be 'KubeletCompliance.Loading.PrivateLoadContext'
        ($r.Dependencies | Where-Object Name -EQ 'System.Memory').Context | Should -Be 'Default'
    }

    It 'loaded first, leaves ours to audit a node over a real SSH connection' -Skip:(-not ((Test-Path /usr/sbin/sshd) -and ((id -u) -eq '0')) -and $env:CI -ne 'true') {
        $harness = Join-Path $repo 'tests/ssh/sshd-harness.sh'
        $work = "/tmp/kc-isolation-sshd-$PID"
        $null = & bash $harness start $work
        $LASTEXITCODE | Should -Be 0
        try {
            $settings = @{}
            Get-Content "$work/harness.env" | ForEach-Object { $k, $v = $_ -split '=', 2; $settings[$k] = $v }
            $tree = "$work/trees/kubeadm-current"
            New-Item -ItemType Directory -Force (Split-Path $tree) | Out-Null
            Copy-Item -Recurse $yamlNode $tree
            & chmod -R a+rX "$work/trees"
            $r = Invoke-FreshPwsh @"
Add-Type -Path '$standIn'
Import-Module '$modulePath'
`$audit = Test-CisKubelet421 -ComputerName 'kcsudo@127.0.0.1:$($settings.PORT)' -KeyFilePath '$($settings.KEY_ED25519)' -KnownHostsPath '$work/known_hosts' -AcceptNewHostKey -RemoteRoot '$tree'
Write-Result ([pscustomobject]@{ Status = `$audit.Status; Transport = `$audit.Transport; Reason = `$audit.Reason; Copies = @(Get-Copies 'Renci.SshNet'); StandIn = [Renci.SshNet.StandIn]::Origin })
"@
            $r.Status | Should -Be 'Pass' -Because $r.Reason
            $r.Transport | Should -Be 'SSH'
            $r.StandIn | Should -Be 'another module'
            ($r.Copies | Where-Object Context -EQ 'KubeletCompliance.Loading.PrivateLoadContext').Version | Should -Match '^2026\.'
        } finally {
            $null = & bash $harness stop $work
            Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
        }
    }
}

Describe 'Module hygiene' {
    It 'imports without touching the engine, and audits again after Remove-Module and Import-Module' {
        $r = Invoke-FreshPwsh @"
Import-Module '$modulePath'
`$atImport = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -in 'KubeletCompliance.Core', 'YamlDotNet' }).Count
`$first = Test-CisKubelet421 -Root '$yamlNode'
Remove-Module KubeletCompliance
`$removed = [bool] (Get-Command Test-CisKubelet421 -ErrorAction SilentlyContinue)
Import-Module '$modulePath'
`$second = Test-CisKubelet421 -Root '$yamlNode'
Write-Result ([pscustomobject]@{ AtImport = `$atImport; First = `$first.Status; Removed = -not `$removed; Second = `$second.Status; Core = @(Get-Copies 'KubeletCompliance.Core') })
"@
        $r.AtImport | Should -Be 0
        $r.First | Should -Be 'Pass'
        $r.Removed | Should -BeTrue
        $r.Second | Should -Be 'Pass'
        $r.Core.Count | Should -Be 1
    }
}

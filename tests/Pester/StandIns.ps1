# Dot-sourced by the Pester files that need a kubelet's port or an API server on the loopback: builds
# tests/StandIns once per file (incremental after the first) and runs it as a child process.

$script:standInDll = $null

# The built stand-in: KubeletCompliance.StandIns.dll, and beside it the native program of the same name (for exec -a).
function Get-StandInDll {
    if (-not $script:standInDll) {
        $repo = (Resolve-Path "$PSScriptRoot/../..").Path
        $out = Join-Path $repo 'out/standins'
        $log = & dotnet build (Join-Path $repo 'tests/StandIns/KubeletCompliance.StandIns.csproj') -c Release -o $out --nologo -v q 2>&1
        if ($LASTEXITCODE -ne 0) { throw "Building the stand-ins failed: $log" }
        $script:standInDll = Join-Path $out 'KubeletCompliance.StandIns.dll'
    }

    return $script:standInDll
}

function Start-StandIn([string[]] $Arguments) {
    $start = [Diagnostics.ProcessStartInfo]::new('dotnet')
    $start.ArgumentList.Add((Get-StandInDll))
    foreach ($a in $Arguments) { $start.ArgumentList.Add($a) }
    $start.UseShellExecute = $false
    # The stand-in runs until its standard input closes, so it ends with this process even when cleanup never runs.
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $process = [Diagnostics.Process]::Start($start)
    $first = $process.StandardOutput.ReadLineAsync()
    if (-not $first.Wait(30000) -or -not $first.Result) {
        $process.Kill()
        throw "The stand-in '$($Arguments -join ' ')' did not say where it listens."
    }

    $name, $value = $first.Result -split '=', 2
    [pscustomobject]@{ Process = $process; $name = $value }
}

function Stop-StandIn($StandIn) {
    if ($StandIn -and -not $StandIn.Process.HasExited) {
        $StandIn.Process.StandardInput.Close()
        if (-not $StandIn.Process.WaitForExit(10000)) { $StandIn.Process.Kill() }
    }
}

# A kubeconfig for the API server stand-in: its URL, the CA made for the run, and the user lines given (a token, an exec plugin).
function New-StandInKubeconfig([string] $Path, [string] $Server, [string] $CertificateAuthority, [string] $User) {
    @"
apiVersion: v1
kind: Config
clusters:
- name: standin
  cluster:
    server: $Server
    certificate-authority: $CertificateAuthority
users:
- name: auditor
  user:
$User
contexts:
- name: standin
  context:
    cluster: standin
    user: auditor
current-context: standin
"@ | Set-Content $Path
    return $Path
}

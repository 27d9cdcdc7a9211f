# The module as a PowerShell user meets it: -Verbose, -Debug, -Confirm and Ctrl+C (issue 12.6, 12.7).
# Every test runs the built module in a fresh pwsh whose current folder is a scratch folder, not the repository, as a
# user's prompt would be.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Surface.Common.ps1')
}

AfterAll {
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}

Describe '-Verbose, -Debug and -Confirm tell the story (issue 12.6)' {
    It 'says per node how it was reached, which files were read, which decided and how long it took' {
        $r = Invoke-Fresh @'
$null = Test-CisKubelet421 -Root ./images/kubeadm-current -Verbose -Debug 4>&1 5>&1 | Tee-Object -Variable story
$null = Test-CisKubelet421 -ComputerName 127.0.0.1:1 -Credential $credential -ConnectTimeout 2 -Verbose 4>&1 | Tee-Object -Variable remote
[pscustomobject]@{ Verbose = @($story | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message); Debug = @($story | Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | ForEach-Object Message); Remote = @($remote | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) }
'@
        $r.Verbose | Should -Match "kubeadm-current over Root: kubeadm kubelet from ServiceUnit kubelet.service; anonymous-auth false from ConfigFile /var/lib/kubelet/config.yaml; 5 file\(s\) read; \d+ ms"
        $r.Debug | Should -Match 'command line: /usr/bin/kubelet .*--config=/var/lib/kubelet/config.yaml'
        $r.Debug | Should -Match 'files: .*/var/lib/kubelet/kubeadm-flags.env'
        $r.Remote | Should -Match '127.0.0.1:1 over SSH: not read \(ConnectionRefused'
    }

    It 'prints each diff once with Set- -Verbose, and shows it in the -Confirm question' {
        $r = Invoke-Fresh @'
Copy-Item -Recurse ./images/kubeadm-1.10 ./verbose-node
$verbose = Set-KubeletAnonymousAuth -Root ./verbose-node -Enabled $false -Confirm:$false -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
Copy-Item -Recurse ./images/kubeadm-1.10 ./confirm-node
# A host whose prompt records the question and answers "No".
Add-Type -TypeDefinition @"
using System; using System.Collections.Generic; using System.Collections.ObjectModel; using System.Management.Automation; using System.Management.Automation.Host;
public class RecordingUI : PSHostUserInterface {
    public static List<string> Questions = new List<string>();
    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) { Questions.Add(message); for (int i = 0; i < choices.Count; i++) if (choices[i].Label.Replace("&", "").StartsWith("No")) return i; return defaultChoice; }
    public override PSHostRawUserInterface RawUI => null;
    public override Dictionary<string, PSObject> Prompt(string c, string m, Collection<FieldDescription> d) => throw new NotSupportedException();
    public override PSCredential PromptForCredential(string c, string m, string u, string t) => throw new NotSupportedException();
    public override PSCredential PromptForCredential(string c, string m, string u, string t, PSCredentialTypes a, PSCredentialUIOptions o) => throw new NotSupportedException();
    public override string ReadLine() => ""; public override System.Security.SecureString ReadLineAsSecureString() => null;
    public override void Write(string v) { } public override void Write(ConsoleColor f, ConsoleColor b, string v) { } public override void WriteLine(string v) { }
    public override void WriteErrorLine(string v) { } public override void WriteDebugLine(string m) { } public override void WriteProgress(long s, ProgressRecord r) { }
    public override void WriteVerboseLine(string m) { } public override void WriteWarningLine(string m) { }
}
public class RecordingHost : PSHost {
    RecordingUI ui = new RecordingUI(); Guid id = Guid.NewGuid();
    public override string Name => "Recording"; public override Version Version => new Version(1, 0); public override Guid InstanceId => id;
    public override System.Globalization.CultureInfo CurrentCulture => System.Globalization.CultureInfo.InvariantCulture;
    public override System.Globalization.CultureInfo CurrentUICulture => System.Globalization.CultureInfo.InvariantCulture;
    public override PSHostUserInterface UI => ui;
    public override void EnterNestedPrompt() { } public override void ExitNestedPrompt() { } public override void NotifyBeginApplication() { } public override void NotifyEndApplication() { } public override void SetShouldExit(int c) { }
}
"@
$runspace = [runspacefactory]::CreateRunspace([RecordingHost]::new())
$runspace.Open()
$ps = [powershell]::Create()
$ps.Runspace = $runspace
$null = $ps.AddScript("Import-Module '$((Get-Module KubeletCompliance).Path)'; Set-KubeletAnonymousAuth -Root '$PWD/confirm-node' -Enabled `$false -Confirm").Invoke()
[pscustomobject]@{ Verbose = @($verbose); Questions = @([RecordingUI]::Questions) }
'@
        $diffLines = @($r.Verbose | ForEach-Object { $_ -split "`n" } | Where-Object { $_ -like '+++ *' })
        $diffLines.Count | Should -Be 1 -Because 'one file changes, and its diff is printed once'
        $r.Questions.Count | Should -Be 1
        $r.Questions[0] | Should -Match '(?m)^\+.*anonymous-auth=false'
    }
}

Describe '-Verbose tells the story of Set- and Restore- per node (issue 12.6)' {
    It 'writes one line per node: the node, its transport, what changed or would change or why not, and the time' {
        $r = Invoke-Fresh @'
foreach ($name in 'a', 'b') { Copy-Item -Recurse ./images/kubeadm-1.10 ./story-$name }
function Lines([scriptblock] $call) { @(& $call 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match ' over (Root|SSH): ' } | ForEach-Object Message) }
[pscustomobject]@{
    WhatIf = Lines { Set-KubeletAnonymousAuth -Root ./story-a, ./story-b -Enabled $false -WhatIf -Verbose }
    Changed = Lines { Set-KubeletAnonymousAuth -Root ./story-a, ./story-b -Enabled $false -Confirm:$false -Verbose }
    Again = Lines { Set-KubeletAnonymousAuth -Root ./story-a -Enabled $false -Confirm:$false -Verbose }
    Restored = Lines { Restore-KubeletAnonymousAuth -Root ./story-a -Confirm:$false -Verbose }
    Failed = Lines { Set-KubeletAnonymousAuth -ComputerName 127.0.0.1:1 -Credential $credential -ConnectTimeout 2 -Enabled $false -Confirm:$false -Verbose -ErrorAction SilentlyContinue }
}
'@
        $file = '/etc/systemd/system/kubelet.service.d/10-kubeadm.conf'
        $r.WhatIf.Count | Should -Be 2
        $r.WhatIf[0] | Should -Match "^$([regex]::Escape("$work/story-a")) over Root: WhatIf: $([regex]::Escape($file)) would change; nothing was written; \d+ ms\.$"
        $r.WhatIf[1] | Should -Match "^$([regex]::Escape("$work/story-b")) over Root: WhatIf: "
        $r.Changed.Count | Should -Be 2
        $r.Changed[0] | Should -Match "^$([regex]::Escape("$work/story-a")) over Root: Changed: .*; changed $([regex]::Escape($file)); backups $([regex]::Escape($file))\.kcbak-\d+T\d+Z; \d+ ms\.$"
        $r.Again | Should -Match "^$([regex]::Escape("$work/story-a")) over Root: NoChange: .*; \d+ ms\.$"
        $r.Restored | Should -Match "^$([regex]::Escape("$work/story-a")) over Root: Changed: Restored the files backed up at .*; changed $([regex]::Escape($file)); .*\d+ ms\.$"
        $r.Failed | Should -Match '^127\.0\.0\.1:1 over SSH: Failed \(ConnectionRefused\): .*; \d+ ms\.$'
    }
}

Describe 'Ctrl+C stops a fleet run within a second, hung hosts included (issue 12.7)' {
    It 'returns from Stop() at once while every node hangs in the SSH handshake' {
        $r = Invoke-Fresh @'
# A "host" that accepts TCP connections and never says a word: the SSH handshake hangs until -ConnectTimeout.
$listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
$listener.Start(100)
$port = $listener.LocalEndpoint.Port
$ps = [powershell]::Create()
$null = $ps.AddScript("Import-Module '$((Get-Module KubeletCompliance).Path)'; Test-CisKubelet421 -ComputerName (1..8 | ForEach-Object { `"user`$_@127.0.0.1:$port`" }) -Credential ([pscredential]::new('u', (ConvertTo-SecureString 'p' -AsPlainText -Force))) -ConnectTimeout 60")
$null = $ps.BeginInvoke()
$deadline = [DateTime]::UtcNow.AddSeconds(60)
while (-not $listener.Pending() -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
Start-Sleep -Milliseconds 1500
$clock = [Diagnostics.Stopwatch]::StartNew()
$ps.Stop()   # what Ctrl+C does: StopProcessing, then the pipeline ends
[pscustomobject]@{ Milliseconds = $clock.ElapsedMilliseconds; State = "$($ps.InvocationStateInfo.State)"; Connected = $listener.Pending() }
'@
        $r.Connected | Should -BeTrue -Because 'the audits were in their handshake when stopped'
        $r.State | Should -Be 'Stopped'
        $r.Milliseconds | Should -BeLessThan 1000
    }
}

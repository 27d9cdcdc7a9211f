# The module as a PowerShell user meets it (issue 12): every test runs the built module in a fresh pwsh whose current
# folder is a scratch folder, not the repository, as a user's prompt would be.
BeforeAll {
    $script:modulePath = $env:KUBELETCOMPLIANCE_MODULE
    $script:pwsh = $env:KUBELETCOMPLIANCE_PWSH
    $script:repo = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:work = Join-Path ([IO.Path]::GetTempPath()) "kc-surface-$PID"
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
}

AfterAll {
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}

Describe 'Paths resolve as PowerShell paths (issue 12.1)' {
    It 'reads -KeyFilePath from ~, the current folder and PSDrives, and refuses a missing key once, before any connection' {
        Set-Content "$work/home/id_test" 'not a key' 
        Set-Content "$work/here_key" 'not a key'
        $r = Invoke-Fresh @'
$home_ = Test-CisKubelet421 -ComputerName 127.0.0.1:1 -KeyFilePath ~/id_test -ConnectTimeout 2
$relative = Test-CisKubelet421 -ComputerName 127.0.0.1:1 -KeyFilePath ./here_key -ConnectTimeout 2
New-PSDrive -Name keys -PSProvider FileSystem -Root (Join-Path $PWD home) | Out-Null
$drive = Test-CisKubelet421 -ComputerName 127.0.0.1:1 -KeyFilePath keys:/id_test -ConnectTimeout 2
$missing = try { Test-CisKubelet421 -ComputerName 127.0.0.1:1, 127.0.0.1:2, 127.0.0.1:3 -KeyFilePath ./absent -ErrorAction Stop; 'no error' } catch { [pscustomobject]@{ Id = $_.FullyQualifiedErrorId; Message = "$_" } }
[pscustomobject]@{ Home = $home_.Reason; Relative = $relative.Reason; Drive = $drive.Reason; Missing = $missing }
'@
        # Each key was found where PowerShell says the path is (and then turned out not to be a key).
        $r.Home | Should -BeLike "*'$work/home/id_test'*"
        $r.Relative | Should -BeLike "*'$work/here_key'*"
        $r.Drive | Should -BeLike "*'$work/home/id_test'*"
        $r.Missing.Id | Should -BeLike 'KeyFileNotFound,*'
        $r.Missing.Message | Should -BeLike "*$work/absent*"
    }

    It 'refuses a key file that is a folder or a FIFO as KeyFileUnreadable, at once and before any connection' {
        # As root, chmod 000 would not stop the read: a folder and a FIFO are what root cannot read as a key. A FIFO
        # with no writer blocks whoever opens it, so each call runs in a runspace the script waits on for 15 s at most.
        New-Item -ItemType Directory -Force "$work/key-folder" | Out-Null
        & mkfifo "$work/key-fifo"
        $r = Invoke-Fresh @'
$listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
$listener.Start()
$port = $listener.LocalEndpoint.Port
foreach ($key in './key-folder', './key-fifo') {
    $ps = [powershell]::Create()
    $null = $ps.AddScript("Set-Location '$PWD'; Import-Module '$((Get-Module KubeletCompliance).Path)'; try { Test-CisKubelet421 -ComputerName 127.0.0.1:$port -Credential ([pscredential]::new('u', (ConvertTo-SecureString 'p' -AsPlainText -Force))) -KeyFilePath $key -ErrorAction Stop; 'no error' } catch { `$_.FullyQualifiedErrorId; `"`$_`" }")
    $handle = $ps.BeginInvoke()
    $finished = $handle.AsyncWaitHandle.WaitOne(15000)
    if (-not $finished) {
        # Hung on the FIFO: give the blocked open() a writer, and stop the runspace without waiting for it.
        [System.IO.File]::OpenWrite((Resolve-Path $key).Path).Dispose()
        $null = $ps.BeginStop($null, $null)
    }
    $out = if ($finished) { @($ps.EndInvoke($handle)) } else { @('hung', '') }
    [pscustomobject]@{ Key = $key; Finished = $finished; Id = "$($out[0])"; Message = "$($out[1])"; Connected = $listener.Pending() }
}
$listener.Stop()
'@
        foreach ($case in $r) {
            $case.Finished | Should -BeTrue -Because "$($case.Key) must not hang the command"
            $case.Id | Should -BeLike 'KeyFileUnreadable,*' -Because "$($case.Key) exists but is no key file"
            $case.Connected | Should -BeFalse -Because 'the key is checked before any connection'
        }
        $r[0].Message | Should -Match 'folder'
        $r[1].Message | Should -Match 'not a regular file'
    }

    It 'reads -Root relative to the current folder and through PSDrives' {
        $r = Invoke-Fresh @'
New-PSDrive -Name img -PSProvider FileSystem -Root (Join-Path $PWD images) | Out-Null
(Test-CisKubelet421 -Root ./images/kubeadm-current).Status
(Test-CisKubelet421 -Root img:/kubeadm-current).Root
'@
        $r[0] | Should -Be 'Pass'
        $r[1] | Should -Be "$work/images/kubeadm-current"
    }
}

Describe 'Pipeline binding by property name (issue 12.2)' {
    It 'binds objects with a Root, folders and Select-Object FullName to -Root, never to -ComputerName' {
        $r = Invoke-Fresh @'
$a = [pscustomobject]@{ Root = './images/kubeadm-current' } | Test-CisKubelet421
$b = Get-ChildItem ./images -Directory | Select-Object FullName | Test-CisKubelet421
$c = Get-ChildItem ./images -Directory | Test-CisKubelet421
[pscustomobject]@{ A = "$($a.Transport) $($a.Status)"; B = @($b.Transport | Sort-Object -Unique); BCount = @($b).Count; C = @($c.Transport | Sort-Object -Unique); CCount = @($c).Count }
'@
        $r.A | Should -Be 'Root Pass'
        $r.B | Should -Be 'Root'
        $r.BCount | Should -Be 3
        $r.C | Should -Be 'Root'
        $r.CCount | Should -Be 3
    }

    It 'sends Import-Csv rows back to the same nodes: image rows by Root, SSH rows by ComputerName, local rows to this node' {
        $r = Invoke-Fresh @'
$rows = @(Get-ChildItem ./images -Directory | Test-CisKubelet421) + @(Test-CisKubelet421 -ComputerName 127.0.0.1:1 -Credential $credential -ConnectTimeout 2) + @(Test-CisKubelet421)
$rows | Export-Csv ./report.csv
$again = Import-Csv ./report.csv | Select-Object ComputerName, Root | Test-CisKubelet421 -ThrottleLimit 4 -WarningAction SilentlyContinue
$again | ForEach-Object { [pscustomobject]@{ ComputerName = $_.ComputerName; Root = $_.Root; Transport = $_.Transport } }
'@
        ($r | Where-Object Transport -eq 'Root').Root | Sort-Object | Should -Be @("$work/images/kubeadm-1.10", "$work/images/kubeadm-current", "$work/images/openshift4")
        ($r | Where-Object Transport -eq 'SSH').ComputerName | Should -Be '127.0.0.1:1'
        ($r | Where-Object Transport -eq 'Local').Root | Should -Be '/'
        $r.Count | Should -Be 5
    }

    It 'binds only strings by value to -ComputerName; an object without a node property gets a row saying so' {
        $r = Invoke-Fresh @'
$s = '127.0.0.1:1' | Test-CisKubelet421 -Credential $credential -ConnectTimeout 2
$o = [pscustomobject]@{ Foo = 1 } | Test-CisKubelet421 -ErrorAction SilentlyContinue
[pscustomobject]@{ S = "$($s.Transport) $($s.ComputerName)"; O = $o.ErrorId }
'@
        $r.S | Should -Be 'SSH 127.0.0.1:1'
        $r.O | Should -Be 'ComputerNameNotText'
    }
}

Describe 'Parameter sets (issue 12.3)' {
    It 'keeps SSH parameters away from -Root, in the binder and in tab completion' {
        $r = Invoke-Fresh @'
$mixed = try { Test-CisKubelet421 -Root ./images/kubeadm-current -KeyFilePath ./k; 'accepted' } catch { $_.FullyQualifiedErrorId }
$skip = try { Test-CisKubelet421 -Root ./images/kubeadm-current -SkipHostKeyCheck; 'accepted' } catch { $_.FullyQualifiedErrorId }
$completion = (TabExpansion2 -inputScript 'Test-CisKubelet421 -Root x -' -cursorColumn 28).CompletionMatches.CompletionText
$clusterCompletion = (TabExpansion2 -inputScript 'Test-CisKubelet421 -Kubeconfig k -' -cursorColumn 34).CompletionMatches.CompletionText
[pscustomobject]@{ Mixed = $mixed; Skip = $skip; Completion = $completion; ClusterCompletion = $clusterCompletion }
'@
        $r.Mixed | Should -BeLike 'TargetParametersConflict*'
        $r.Skip | Should -BeLike 'TargetParametersConflict*'
        $r.Completion | Should -Contain '-Probe'
        $r.Completion | Should -Contain '-InputObject'
        foreach ($other in '-KeyFilePath', '-Credential', '-SkipHostKeyCheck', '-AcceptNewHostKey', '-Port', '-UserName', '-KnownHostsPath', '-RemoteRoot', '-ComputerName', '-Kubeconfig', '-Cluster') {
            $r.Completion | Should -Not -Contain $other
        }
        $r.ClusterCompletion | Should -Contain '-Context'
        $r.ClusterCompletion | Should -Not -Contain '-Root'
        $r.ClusterCompletion | Should -Not -Contain '-KeyFilePath'
    }

    It 'says which parameters belong to which kind of target when kinds are mixed, with a stable id and never a prompt' {
        $r = Invoke-Fresh @'
foreach ($call in { Test-CisKubelet421 -Root ./images/kubeadm-current -Kubeconfig ./kubeconfig },
                  { Test-CisKubelet421 ./images/kubeadm-current -Cluster },
                  { Get-KubeletAnonymousAuth -ComputerName 127.0.0.1:1 -Root ./images/kubeadm-current },
                  { Test-CisKubelet421 -KeyFilePath ./k },
                  { Set-KubeletAnonymousAuth -Root ./images/kubeadm-current -Enabled $false -Kubeconfig ./kubeconfig -WhatIf },
                  { Restore-KubeletAnonymousAuth -ComputerName 127.0.0.1:1 -Root ./images/kubeadm-current -WhatIf }) {
    try { & $call | Out-Null; [pscustomobject]@{ Id = 'accepted'; Message = ''; Target = '' } } catch { [pscustomobject]@{ Id = $_.FullyQualifiedErrorId; Message = "$_"; Target = "$($_.TargetObject)"; Category = "$($_.CategoryInfo.Category)" } }
}
'@
        foreach ($case in $r) {
            $case.Id | Should -BeLike 'TargetParametersConflict*'
            $case.Category | Should -Be 'InvalidArgument'
            $case.Message | Should -Match 'Give the parameters of one kind of target: this node or node images \(-Root'
        }
        $r[0].Message | Should -Match '^-Root is for this node or node images, but -Kubeconfig is for a cluster\.'
        $r[0].Target | Should -Be 'Root'
        $r[1].Message | Should -Match '^-Root is for this node or node images, but -Cluster is for a cluster\.'
        $r[2].Message | Should -Match '^-Root is for this node or node images, but -ComputerName is for SSH nodes\.'
        $r[3].Message | Should -Match '^-KeyFilePath is for SSH nodes, but no -ComputerName names them'
        $r[3].Target | Should -Be 'KeyFilePath'
        $r[4].Message | Should -Match '^-Kubeconfig is for nodes by name, over SSH or through node pods, but no -ComputerName names them'
        $r[5].Message | Should -Match '^-Root is for this node or node images, but -ComputerName is for nodes by name'
    }

    It 'refuses contradicting options with a clear error' {
        $r = Invoke-Fresh @'
foreach ($call in { Test-CisKubelet421 -ComputerName n1 -SkipHostKeyCheck -AcceptNewHostKey }, { Test-CisKubelet421 -ProbeAddress 10.0.0.1 }, { Get-KubeletAnonymousAuth -KubeletPort 1 }) {
    try { & $call; 'accepted' } catch { [pscustomobject]@{ Id = $_.FullyQualifiedErrorId; Message = "$_" } }
}
'@
        $r[0].Id | Should -BeLike 'HostKeyOptionsConflict,*'
        $r[1].Id | Should -BeLike 'ProbeParameterWithoutProbe,*'
        $r[1].Message | Should -Match 'add -Probe'
        $r[2].Id | Should -BeLike 'ProbeParameterWithoutProbe,*'
    }

    It 'matches docs/syntax.md and the README''s Syntax section' {
        $r = Invoke-Fresh @'
foreach ($name in (Get-Command -Module KubeletCompliance -CommandType Cmdlet).Name) { (Get-Command $name -Syntax) -split '\r?\n' | Where-Object { $_.Trim() } }
'@
        $doc = Get-Content -Raw "$repo/docs/syntax.md"
        $readme = Get-Content -Raw "$repo/README.md"
        $r.Count | Should -BeGreaterOrEqual 10
        foreach ($line in $r) {
            $doc.Contains($line) | Should -BeTrue -Because "docs/syntax.md should hold '$line' (run tools/Write-SyntaxDoc.ps1)"
            $readme.Contains($line) | Should -BeTrue -Because "README.md should hold '$line'"
        }
    }
}

Describe 'A row for every target (issue 12.4) and the port in the name (issue 12.5)' {
    It 'writes a row for malformed names with the rule they broke, skips blank entries with a warning and audits duplicates once' {
        $r = Invoke-Fresh @'
$rows = Test-CisKubelet421 -ComputerName '127.0.0.1:1', 'bad host', '127.0.0.1:99999', '', '127.0.0.1:1' -Credential $credential -ConnectTimeout 2 -WarningVariable warned -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
[pscustomobject]@{ Rows = @($rows | Sort-Object ComputerName | ForEach-Object { "$($_.ComputerName)|$($_.Status)|$($_.ErrorId)" }); Warnings = @($warned | ForEach-Object { "$_" }) }
'@
        $r.Rows | Should -Be @('127.0.0.1:1|Error|ConnectionRefused', '127.0.0.1:99999|Error|ComputerNamePortInvalid', 'bad host|Error|ComputerNameHostNameInvalid')
        $r.Warnings | Should -Match 'blank'
    }

    It 'lets a port in the name win over -Port' {
        $r = Invoke-Fresh @'
(Test-CisKubelet421 -ComputerName '127.0.0.1:1' -Port 2 -Credential $credential -ConnectTimeout 2).Reason
'@
        $r | Should -Match '127\.0\.0\.1:1 '
    }

    It 'makes -Root ./nope -ErrorAction Stop throw after its Error row' {
        $r = Invoke-Fresh @'
try { Test-CisKubelet421 -Root ./nope -ErrorAction Stop | Out-Null; 'no error' } catch { $_.FullyQualifiedErrorId }
'@
        $r | Should -BeLike 'NodeRootNotFound,*'
    }
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

Describe 'Compliant managed nodes and actionable messages (issues 12.8, 12.9)' {
    It 'reports NoChange, not Refused, for an OpenShift node that already passes' {
        $r = Invoke-Fresh @'
Set-KubeletAnonymousAuth -Root ./images/openshift4 -Enabled $false -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue | ForEach-Object { [pscustomobject]@{ Status = $_.Status; Errors = $failed.Count } }
'@
        $r.Status | Should -Be 'NoChange'
        $r.Errors | Should -Be 0
    }

    It 'says what to do about two kubelets or an unreadable process, and that a probe of an image was not attempted' {
        $r = Invoke-Fresh @"
`$two = Test-CisKubelet421 -Root '$repo/tests/fixtures/nodes/two-kubelets'
`$unreadable = Test-CisKubelet421 -Root '$repo/tests/fixtures/nodes/kubelet-unreadable'
`$probe = Test-CisKubelet421 -Root ./images/kubeadm-current -Probe
[pscustomobject]@{ Two = `$two.Remediation; Unreadable = `$unreadable.Remediation; ProbeStatus = `$probe.ProbeStatus; ProbeVerdict = `$probe.ProbeVerdict }
"@
        $r.Two | Should -Match 'Stop the stray kubelet'
        $r.Unreadable | Should -Match 'privilege to read /proc'
        $r.ProbeStatus | Should -Match '^NotAttempted: .*-ProbeAddress'
        $r.ProbeVerdict | Should -BeNullOrEmpty
    }

    It 'tells node paths, never the folder the image is mounted at, when a file cannot be read or written' {
        $r = Invoke-Fresh @'
function New-Image([string] $name, [string] $enabled) {
    New-Item -ItemType Directory -Force "$name/etc/systemd/system", "$name/var/lib/kubelet" | Out-Null
    Set-Content "$name/etc/systemd/system/kubelet.service" "[Service]`nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml`n"
    if ($enabled) { Set-Content "$name/var/lib/kubelet/config.yaml" "apiVersion: kubelet.config.k8s.io/v1beta1`nkind: KubeletConfiguration`nauthentication:`n  anonymous:`n    enabled: $enabled`n" }
}
# A Unix socket where the config file should be: open() fails (ENXIO) even for root. It exists while this socket is open.
New-Image ./socket-image $null
$socket = [System.Net.Sockets.Socket]::new('Unix', 'Stream', 'Unspecified')
$socket.Bind([System.Net.Sockets.UnixDomainSocketEndPoint]::new("$PWD/socket-image/var/lib/kubelet/config.yaml"))
$audit = Test-CisKubelet421 -Root ./socket-image
$socket.Dispose()
$write = $null
if ((id -u) -eq 0) {
    # An image on a read-only mount: the backup cannot be written.
    New-Item -ItemType Directory -Force ./ro-image | Out-Null
    mount -t tmpfs -o size=1m tmpfs ./ro-image
    try {
        New-Image ./ro-image 'true'
        mount -o remount,ro ./ro-image
        $row = Set-KubeletAnonymousAuth -Root ./ro-image -Enabled $false -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable failed
        $write = [pscustomobject]@{ Reason = $row.Reason; Error = "$($failed[0])"; ErrorId = $row.ErrorId }
    } finally {
        umount ./ro-image
    }
}
[pscustomobject]@{ AuditReason = $audit.Reason; AuditId = $audit.ErrorId; Write = $write }
'@
        $r.AuditId | Should -Be 'ConfigFileUnreadable'
        $r.AuditReason | Should -Match ' /var/lib/kubelet/config\.yaml '
        $r.AuditReason | Should -Not -Match ([regex]::Escape($work))
        if ($r.Write) {
            $r.Write.ErrorId | Should -Be 'BackupFailed'
            $r.Write.Reason | Should -Match '/var/lib/kubelet/config\.yaml\.kcbak-\d+T\d+Z: Read-only file system'
            $r.Write.Reason | Should -Not -Match ([regex]::Escape($work))
            $r.Write.Error | Should -Not -Match ([regex]::Escape("$work/ro-image/"))
        }
    }

    It 'points a config syntax or type error at the line and column of the node file' {
        $r = Invoke-Fresh @'
function New-Image([string] $name, [string] $config) {
    New-Item -ItemType Directory -Force "$name/etc/systemd/system", "$name/var/lib/kubelet" | Out-Null
    Set-Content "$name/etc/systemd/system/kubelet.service" "[Service]`nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml`n"
    [System.IO.File]::WriteAllText("$PWD/$name/var/lib/kubelet/config.yaml", $config)
}
# JSON with a missing comma after line 2; CRLF line ends and a comment line before it must not shift the count.
New-Image ./json-image "{`"apiVersion`": `"kubelet.config.k8s.io/v1beta1`",`r`n `"kind`": `"KubeletConfiguration`"`r`n `"authentication`": {}}`r`n"
New-Image ./type-image "# written by hand`napiVersion: kubelet.config.k8s.io/v1beta1`nkind: KubeletConfiguration`nauthentication:`n  anonymous:`n    enabled: maybe`n"
foreach ($image in './json-image', './type-image') { $row = Test-CisKubelet421 -Root $image; [pscustomobject]@{ Id = $row.ErrorId; Reason = $row.Reason } }
'@
        $r[0].Id | Should -Be 'ConfigSyntaxError'
        $r[0].Reason | Should -Match '/var/lib/kubelet/config\.yaml is not valid YAML or JSON \(line 3, column 2\)'
        $r[1].Id | Should -Be 'ConfigWrongType'
        $r[1].Reason | Should -Match "'authentication\.anonymous\.enabled' \(line 6, column 14\) is 'maybe'"
    }

    It 'says a listener that is not SSH (a web server, a socket sending noise) is not an SSH server' {
        $r = Invoke-Fresh @'
$http = [System.Net.HttpListener]::new()
$httpPort = Get-Random -Minimum 20000 -Maximum 40000
$http.Prefixes.Add("http://127.0.0.1:$httpPort/")
$http.Start()
$null = Start-ThreadJob { param($h) while ($h.IsListening) { try { $c = $h.GetContext(); $c.Response.StatusCode = 404; $c.Response.Close() } catch { break } } } -ArgumentList $http
$noise = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
$noise.Start()
$null = Start-ThreadJob { param($l) while ($true) { try { $c = $l.AcceptTcpClient() } catch { break }; $b = [byte[]]::new(300); [Random]::new(1).NextBytes($b); $c.GetStream().Write($b, 0, $b.Length); Start-Sleep -Milliseconds 200; $c.Close() } } -ArgumentList $noise
$rows = Test-CisKubelet421 -ComputerName "127.0.0.1:$httpPort", "127.0.0.1:$($noise.LocalEndpoint.Port)" -Credential $credential -ConnectTimeout 10
$http.Stop()
$noise.Stop()
$rows | ForEach-Object { [pscustomobject]@{ Id = $_.ErrorId; Reason = $_.Reason; Remediation = $_.Remediation } }
'@
        $r.Count | Should -Be 2
        foreach ($row in $r) {
            $row.Id | Should -Be 'NotSshServer'
            $row.Reason | Should -Match 'accepted the connection but is not an SSH server'
            $row.Remediation | Should -Match 'Check the port'
        }
    }

    It 'never suggests -Restart in -Root rows, where Set- refuses it' {
        $r = Invoke-Fresh @"
# cp -a keeps the fixtures' symlinks as links (a /proc/<pid>/cwd -> / copy would be the whole machine).
cp -a '$repo/tests/fixtures/nodes' ./restart-hints
`$audits = Get-ChildItem ./restart-hints -Directory | Test-CisKubelet421 -WarningAction SilentlyContinue
`$changes = `$audits | Where-Object Status -eq Fail | Set-KubeletAnonymousAuth -Enabled `$false -Confirm:`$false -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
`$refused = Set-KubeletAnonymousAuth -Root ./restart-hints/kubeadm-current -Enabled `$false -Restart -Confirm:`$false -ErrorAction SilentlyContinue
[pscustomobject]@{
    Suggesting = @(`$audits + `$changes | Where-Object { "`$(`$_.Reason) `$(`$_.Remediation)" -match '-Restart' } | ForEach-Object { "`$(`$_.Root): `$(`$_.Reason) `$(`$_.Remediation)" })
    Changed = @(`$changes | Where-Object Status -eq Changed).Count
    Refused = "`$(`$refused.Status) `$(`$refused.ErrorId)"
}
"@
        $r.Refused | Should -Be 'Refused RestartNeedsLiveNode'
        $r.Changed | Should -BeGreaterThan 5
        $r.Suggesting | Should -BeNullOrEmpty
    }

    It 'keeps the audit''s own error id when Set- refuses a malformed config' {
        $r = Invoke-Fresh @'
New-Item -ItemType Directory -Force ./broken/etc/systemd/system, ./broken/var/lib/kubelet | Out-Null
Set-Content ./broken/etc/systemd/system/kubelet.service "[Service]`nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml`n"
Set-Content ./broken/var/lib/kubelet/config.yaml "apiVersion: kubelet.config.k8s.io/v1beta1`nkind: KubeletConfiguration`nauthentication: [`n"
(Set-KubeletAnonymousAuth -Root ./broken -Enabled $false -Confirm:$false -ErrorAction SilentlyContinue).ErrorId
'@
        $r | Should -Be 'ConfigSyntaxError'
    }
}

Describe 'Help that matches the module (issues 12.10, 12.11)' {
    It 'shows -Enabled as mandatory, fills default values, lists every output property and has a HelpUri' {
        $r = Invoke-Fresh @'
$set = Get-Help Set-KubeletAnonymousAuth -Full
$test = Get-Help Test-CisKubelet421 -Full
$about = Get-Help about_KubeletCompliance | Out-String
$types = 'CisControlResult', 'AnonymousAuthSetting', 'RemediationResult'
[pscustomobject]@{
    EnabledRequired = ($set.parameters.parameter | Where-Object name -eq Enabled).required
    SyntaxText = ($set.syntax | Out-String -Width 400)
    Defaults = @('ThrottleLimit', 'ConnectTimeout', 'OperationTimeout', 'Port', 'KubeletPort', 'RequestTimeout' | ForEach-Object { $n = $_; "$n=$(($test.parameters.parameter | Where-Object name -eq $n).defaultValue)" })
    RestartHelp = (($set.parameters.parameter | Where-Object name -eq Restart).description.Text -join ' ')
    QuietHelp = (($test.parameters.parameter | Where-Object name -eq Quiet).description.Text -join ' ')
    MissingInAbout = @(foreach ($t in $types) { [KubeletCompliance.Commands.NodeCommandBase].Assembly.GetType("KubeletCompliance.$t").GetProperties().Name | Where-Object { $about -notmatch "\b$_\b" } })
    HelpUris = @('Get-KubeletAnonymousAuth', 'Test-CisKubelet421', 'Set-KubeletAnonymousAuth', 'Restore-KubeletAnonymousAuth' | ForEach-Object { (Get-Command $_).HelpUri })
    CredentialHelp = (((Get-Help Test-CisKubelet421 -Parameter Credential).description.Text) -join ' ')
}
'@
        $r.EnabledRequired | Should -Be 'true'
        $r.SyntaxText | Should -Match 'Set-KubeletAnonymousAuth -Enabled <Boolean> \[-Restart\]'
        $r.Defaults | Should -Be 'ThrottleLimit=32', 'ConnectTimeout=15', 'OperationTimeout=60', 'Port=22', 'KubeletPort=10250', 'RequestTimeout=30'
        $r.RestartHelp | Should -Match 'SSH nodes'
        $r.QuietHelp | Should -Match '-notcontains \$false'
        $r.MissingInAbout | Should -BeNullOrEmpty
        $r.HelpUris | ForEach-Object { $_ | Should -Match '^https://github.com/kubeletcompliance/KubeletCompliance/blob/main/docs/syntax.md#' }
        $r.CredentialHelp | Should -Not -Match 'Never prompted'
        $r.CredentialHelp | Should -Match 'prompts'
    }

    It 'has examples that name only real parameters, and the ones on local folders run' {
        $r = Invoke-Fresh @'
$bad = foreach ($name in 'Get-KubeletAnonymousAuth', 'Test-CisKubelet421', 'Set-KubeletAnonymousAuth', 'Restore-KubeletAnonymousAuth') {
    foreach ($example in (Get-Help $name -Full).examples.example) {
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($example.code, [ref]$null, [ref]$errors)
        if ($errors) { "$name example does not parse: $($example.code)" }
        foreach ($call in $ast.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] }, $true)) {
            $command = Get-Command $call.GetCommandName() -Module KubeletCompliance -ErrorAction Ignore
            if (-not $command) { continue }
            foreach ($p in $call.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] }) {
                if (-not $command.ResolveParameter($p.ParameterName)) { "$name example uses -$($p.ParameterName), which $($command.Name) does not have" }
            }
        }
    }
}
$ran = foreach ($example in (Get-Help Test-CisKubelet421 -Full).examples.example | Where-Object code -like '*./images*') {
    try { $null = & ([scriptblock]::Create($example.code)) -ErrorAction Stop; 'ran' } catch { "failed: $($example.code): $_" }
}
[pscustomobject]@{ Bad = @($bad); Ran = @($ran); CsvRows = @(Import-Csv ./cis-4.2.1.csv).Count }
'@
        $r.Bad | Should -BeNullOrEmpty
        $r.Ran.Count | Should -BeGreaterOrEqual 2
        $r.Ran | Should -Be (@('ran') * $r.Ran.Count)
        $r.CsvRows | Should -Be 3
    }
}

Describe 'Cluster mode (issues 12.4, 12.12)' {
    BeforeAll {
        . "$PSScriptRoot/StandIns.ps1"
        @(
            @{ name = 'fast'; anonymousEnabled = $false; labels = @{} }
            @{ name = 'slow'; behaviour = 'Slow'; labels = @{} }
        ) | ConvertTo-Json -Depth 5 | Set-Content "$work/nodes.json"
        $script:api = Start-StandIn 'apiserver', '--nodes', "$work/nodes.json", '--ca', "$work/ca.crt", '--token', 'unused-exec-token'
        $null = New-StandInKubeconfig "$work/kubeconfig" $api.URL "$work/ca.crt" '    token: valid-token'
        Set-Content "$work/garbage-kubeconfig" "clusters: [this is: not: yaml`n"
    }

    AfterAll {
        Stop-StandIn $api
    }

    It 'gives up on a node after -RequestTimeout and shows progress as nodes finish' {
        $r = Invoke-Fresh @'
$ps = [powershell]::Create()
$null = $ps.AddScript("Import-Module '$((Get-Module KubeletCompliance).Path)'; Test-CisKubelet421 -Kubeconfig ./kubeconfig -RequestTimeout 2")
$clock = [Diagnostics.Stopwatch]::StartNew()
$rows = $ps.Invoke()
[pscustomobject]@{
    Seconds = $clock.Elapsed.TotalSeconds
    Rows = @($rows | Sort-Object ComputerName | ForEach-Object { "$($_.ComputerName)|$($_.Status)|$($_.ErrorId)" })
    Progress = @($ps.Streams.Progress | ForEach-Object StatusDescription)
}
'@
        $r.Rows | Should -Be 'fast|Pass|', 'slow|Error|ConfigzUnavailable'
        $r.Seconds | Should -BeLessThan 20
        $r.Progress | Should -Contain '2 nodes done'
    }

    It 'does not blame TLS certificates for a plain-HTTP server behind https://, and still names a rejected certificate' {
        # A plain-HTTP server where the kubeconfig says https; and the real (TLS) stand-in with a CA that did not sign it.
        $http = [System.Net.HttpListener]::new()
        $httpPort = Get-Random -Minimum 20000 -Maximum 40000
        $http.Prefixes.Add("http://127.0.0.1:$httpPort/")
        $http.Start()
        $serve = Start-ThreadJob { param($h) while ($h.IsListening) { try { $c = $h.GetContext(); $c.Response.StatusCode = 404; $c.Response.Close() } catch { break } } } -ArgumentList $http
        $null = New-StandInKubeconfig "$work/plain-http-kubeconfig" "https://127.0.0.1:$httpPort" "$work/ca.crt" '    token: valid-token'
        $key = [System.Security.Cryptography.ECDsa]::Create()
        $other = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=not-the-cluster-ca', $key, 'SHA256').CreateSelfSigned([DateTimeOffset]::Now.AddDays(-1), [DateTimeOffset]::Now.AddDays(1))
        Set-Content "$work/other-ca.crt" ("-----BEGIN CERTIFICATE-----`n" + [Convert]::ToBase64String($other.RawData, 'InsertLineBreaks') + "`n-----END CERTIFICATE-----")
        $null = New-StandInKubeconfig "$work/wrong-ca-kubeconfig" $api.URL "$work/other-ca.crt" '    token: valid-token'
        try {
            $r = Invoke-Fresh @'
foreach ($path in './plain-http-kubeconfig', './wrong-ca-kubeconfig') {
    try { Test-CisKubelet421 -Kubeconfig $path -ErrorAction Stop | Out-Null; 'no error' } catch { [pscustomobject]@{ Id = $_.FullyQualifiedErrorId; Message = "$_" } }
}
'@
        } finally {
            $http.Stop()
            $serve | Remove-Job -Force
        }
        $r[0].Id | Should -BeLike 'ApiServerUnreachable,*'
        $r[0].Message | Should -Not -Match 'certificate'
        $r[0].Message | Should -Match 'did not answer in TLS.*plain-HTTP'
        $r[1].Id | Should -BeLike 'ApiServerUnreachable,*'
        $r[1].Message | Should -Match 'TLS certificate was not accepted'
    }

    It 'says what is wrong with a missing or garbage kubeconfig' {
        $r = Invoke-Fresh @'
foreach ($path in './no-such-kubeconfig', './garbage-kubeconfig') {
    try { Test-CisKubelet421 -Kubeconfig $path -ErrorAction Stop | Out-Null; 'no error' } catch { [pscustomobject]@{ Id = $_.FullyQualifiedErrorId; Message = "$_" } }
}
'@
        $r[0].Id | Should -BeLike 'KubeconfigInvalid,*'
        $r[0].Message | Should -Match "no-such-kubeconfig' does not exist"
        $r[1].Id | Should -BeLike 'KubeconfigInvalid,*'
        $r[1].Message | Should -Not -Match 'Exception during deserialization\.?$'
        $r[1].Message | Should -Match '(?i)line|col|mapping|yaml'
    }
}

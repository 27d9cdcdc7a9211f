# The module as a PowerShell user meets it: parameter sets, a row for every target and the port in the name (issue 12.3 to 12.5).
# Every test runs the built module in a fresh pwsh whose current folder is a scratch folder, not the repository, as a
# user's prompt would be.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Surface.Common.ps1')
}

AfterAll {
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
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

    It 'completes the common parameters of every cmdlet, Set- and Restore- included' {
        # PowerShell leaves every common parameter out of completion as soon as one listed parameter is DontShow.
        $r = Invoke-Fresh @'
foreach ($name in (Get-Command -Module KubeletCompliance -CommandType Cmdlet).Name) {
    $line = "$name -"
    [pscustomobject]@{ Name = $name; Completion = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) }
}
'@
        $r.Count | Should -BeGreaterOrEqual 6
        foreach ($command in $r) {
            foreach ($common in '-Verbose', '-ErrorAction', '-WarningAction') {
                $command.Completion | Should -Contain $common -Because "$($command.Name) takes $common"
            }
        }
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

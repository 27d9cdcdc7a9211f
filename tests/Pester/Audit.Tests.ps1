# User-facing tests of Get-KubeletAnonymousAuth and Test-CisKubelet421, against the built module.
BeforeAll {
    $script:modulePath = $env:KUBELETCOMPLIANCE_MODULE
    $script:pwsh = $env:KUBELETCOMPLIANCE_PWSH
    $script:repo = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:nodes = Join-Path $repo 'tests/fixtures/nodes'
    Import-Module $modulePath -Force

    function New-NodeTree([hashtable] $Files) {
        $root = Join-Path ([IO.Path]::GetTempPath()) ("kc-pester-" + [guid]::NewGuid().ToString('N'))
        foreach ($path in $Files.Keys) {
            $full = Join-Path $root $path
            New-Item -ItemType Directory -Force (Split-Path $full) | Out-Null
            [IO.File]::WriteAllText($full, $Files[$path])
        }
        $root
    }
}

Describe 'Importing the built module in a fresh pwsh' {
    It 'exports exactly the module''s cmdlets' {
        $names = & dotnet $pwsh -NoProfile -NonInteractive -Command "Import-Module '$modulePath'; (Get-Command -Module KubeletCompliance).Name | Sort-Object"
        $LASTEXITCODE | Should -Be 0
        $manifest = Import-PowerShellDataFile $modulePath
        $names | Should -Be ($manifest.CmdletsToExport | Sort-Object)
        $names | Should -Contain 'Get-KubeletAnonymousAuth'
        $names | Should -Contain 'Test-CisKubelet421'
    }

    It 'has a manifest that passes Test-ModuleManifest with explicit exports and metadata' {
        $info = Test-ModuleManifest $modulePath
        $info.Version | Should -BeGreaterThan ([version]'0.0.0')
        $manifest = Import-PowerShellDataFile $modulePath
        $manifest.CmdletsToExport | Should -Not -Contain '*'
        $manifest.FunctionsToExport.Count | Should -Be 0
        $manifest.CompatiblePSEditions | Should -Be @('Core', 'Desktop')
        $manifest.PowerShellVersion | Should -Be '5.1'
        $manifest.Keys | Should -Not -Contain 'FormatsToProcess' -Because 'the cmdlets register their views on first use, which keeps the import cheap'
        Join-Path (Split-Path $modulePath) 'KubeletCompliance.Format.ps1xml' | Should -Exist
        $manifest.PrivateData.PSData.LicenseUri | Should -Not -BeNullOrEmpty
        $manifest.PrivateData.PSData.ProjectUri | Should -Not -BeNullOrEmpty
    }

    It 'keeps YamlDotNet and SSH.NET out of the default load context' {
        $loaded = & dotnet $pwsh -NoProfile -NonInteractive -Command @"
Import-Module '$modulePath'
`$null = Get-KubeletAnonymousAuth -Root '$nodes/kubeadm-current'
[System.Runtime.Loader.AssemblyLoadContext]::Default.Assemblies.GetName().Name -join ','
"@
        $loaded | Should -Not -Match 'YamlDotNet'
        $loaded | Should -Not -Match 'KubeletCompliance.Core'
    }
}

Describe 'Default table views in a fresh pwsh' {
    It 'leaves the format table alone at import and registers the views before the first row, once per runspace' {
        $r = & dotnet $pwsh -NoProfile -NonInteractive -Command @"
Import-Module '$modulePath'
`$atImport = @(Get-FormatData -TypeName 'KubeletCompliance.*').Count
`$first = Test-CisKubelet421 -Root '$nodes/kubeadm-current' | Out-String -Width 200
`$second = Get-KubeletAnonymousAuth -Root '$nodes/kubeadm-current' | Out-String -Width 200
`$views = @(Get-FormatData -TypeName 'KubeletCompliance.*').Count
`$inThreadJob = Start-ThreadJob { Import-Module '$modulePath'; Test-CisKubelet421 -Root '$nodes/kubeadm-current' | Out-String -Width 200 } | Receive-Job -Wait -AutoRemoveJob
[pscustomobject]@{ AtImport = `$atImport; First = `$first; Second = `$second; Views = `$views; InThreadJob = `$inThreadJob } | ConvertTo-Json -Compress
"@ | ConvertFrom-Json
        $LASTEXITCODE | Should -Be 0
        $r.AtImport | Should -Be 0
        $r.First | Should -Match 'ComputerName\s+ControlId\s+Status\s+Actual'
        $r.Second | Should -Match 'ComputerName\s+Enabled\s+Explicit\s+Source'
        $shipped = ([xml](Get-Content (Join-Path (Split-Path $modulePath) 'KubeletCompliance.Format.ps1xml') -Raw)).Configuration.ViewDefinitions.View.Count
        $r.Views | Should -Be $shipped -Because 'each output type has one view, registered once however many cmdlets run'
        $r.InThreadJob | Should -Match 'ComputerName\s+ControlId\s+Status\s+Actual'
    }
}

Describe '-Debug in a fresh non-interactive pwsh' {
    It 'writes the debug lines with the verbose story and warnings, without asking before each' {
        # PowerShell's runtime answers Inquire for a compiled cmdlet's verbose and warning streams under -Debug; with
        # -NonInteractive the question itself fails the command.
        $work = Join-Path ([IO.Path]::GetTempPath()) ("kc-pester-debug-" + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory $work | Out-Null
        try {
            Push-Location $work
            $out = & dotnet $pwsh -NoProfile -NonInteractive -Command @"
Import-Module '$modulePath'
Test-CisKubelet421 -Root '$nodes/kubeadm-1.10' -Debug *>&1 | ForEach-Object { "`$(`$_.GetType().Name) `$(`$_.Status)" }
Test-CisKubelet421 -ComputerName '', 'bad host' -Debug *>&1 | ForEach-Object { "`$(`$_.GetType().Name) `$(`$_.Status)" }
"@ 2>&1 | ForEach-Object { "$_" }
            $out | Should -Be @('VerboseRecord ', 'DebugRecord ', 'CisControlResult Fail', 'WarningRecord ', 'VerboseRecord ', 'CisControlResult Error', 'ErrorRecord ')
        } finally {
            Pop-Location
            Remove-Item -Recurse -Force $work
        }
    }
}

Describe 'Get-KubeletAnonymousAuth' {
    It 'reports the effective value and where it comes from on a kubeadm node' {
        $r = Get-KubeletAnonymousAuth -Root "$nodes/kubeadm-current"
        $r.PSObject.TypeNames[0] | Should -Be 'KubeletCompliance.AnonymousAuthSetting'
        $r.ComputerName | Should -Be 'kubeadm-cp-1'
        $r.Enabled | Should -BeFalse
        $r.Explicit | Should -BeTrue
        $r.Source | Should -Be 'ConfigFile'
        $r.SourcePath | Should -Be '/var/lib/kubelet/config.yaml'
        $r.ConfigPath | Should -Be '/var/lib/kubelet/config.yaml'
        $r.Basis | Should -Be 'ServiceUnit'
        $r.Distribution | Should -Be 'kubeadm'
        $r.CommandLine | Should -Match '^/usr/bin/kubelet .*--config=/var/lib/kubelet/config.yaml'
    }

    It 'reports node paths without the root prefix' {
        $r = Get-KubeletAnonymousAuth -Root "$nodes/config-dir-dropins"
        $r.SourcePath | Should -Be '/etc/kubernetes/kubelet.conf.d/20-hardening.conf'
        $r.ConfigDir | Should -Be '/etc/kubernetes/kubelet.conf.d'
        $r.SourcePath | Should -Not -Match ([regex]::Escape($nodes))
    }

    It 'names node paths, not this machine''s, when a file cannot be read' {
        # kubelet-unreadable: a kubelet process whose /proc/<pid>/cmdline cannot be read.
        $r = Test-CisKubelet421 -Root "$nodes/kubelet-unreadable"
        $r.ErrorId | Should -Be 'ProcessUnreadable'
        $r.Reason | Should -Match "'/proc/4242/cmdline'"
        $r.Reason | Should -Not -Match ([regex]::Escape($nodes))
    }

    It 'names the root path when the node has no /etc/hostname' {
        $root = New-NodeTree @{ 'etc/systemd/system/kubelet.service' = "[Service]`nExecStart=/usr/bin/kubelet --anonymous-auth=false`n" }
        try {
            (Get-KubeletAnonymousAuth -Root $root).ComputerName | Should -Be $root
        } finally { Remove-Item -Recurse -Force $root }
    }

    It 'writes a non-terminating error with a stable id, category and target for a malformed config, and goes on' {
        $bad = New-NodeTree @{
            'etc/hostname'                          = "broken-node`n"
            'etc/systemd/system/kubelet.service'    = "[Service]`nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml`n"
            'var/lib/kubelet/config.yaml'           = "apiVersion: kubelet.config.k8s.io/v1beta1`nkind: KubeletConfiguration`nauthentication: [oops`n"
        }
        try {
            $results = Get-KubeletAnonymousAuth -Root $bad, "$nodes/kubeadm-current" -ErrorVariable errs -ErrorAction SilentlyContinue
            @($results).Count | Should -Be 1
            $results.ComputerName | Should -Be 'kubeadm-cp-1'
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'ConfigSyntaxError,KubeletCompliance.Commands.GetKubeletAnonymousAuthCommand'
            $errs[0].CategoryInfo.Category | Should -Be 'ParserError'
            $errs[0].TargetObject | Should -Be 'broken-node'
            $errs[0].ToString() | Should -Match '/var/lib/kubelet/config.yaml'
            $errs[0].ToString() | Should -Not -Match ' at KubeletCompliance\.'
        } finally { Remove-Item -Recurse -Force $bad }
    }

    It 'reports a missing root as NodeRootNotFound' {
        Get-KubeletAnonymousAuth -Root '/nonexistent/node' -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NodeRootNotFound,*'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'reports a node without kubelet as NotFound with Enabled $null' {
        $empty = New-NodeTree @{ 'etc/hostname' = "bare`n" }
        try {
            $r = Get-KubeletAnonymousAuth -Root $empty
            $r.Source | Should -Be 'NotFound'
            $r.Enabled | Should -BeNullOrEmpty
        } finally { Remove-Item -Recurse -Force $empty }
    }
}

Describe 'Test-CisKubelet421' {
    It 'binds folders from Get-ChildItem and writes one row per node' {
        $rows = Get-ChildItem $nodes -Directory | Test-CisKubelet421
        @($rows).Count | Should -Be @(Get-ChildItem $nodes -Directory).Count
        ($rows | Where-Object ComputerName -eq 'kubeadm-cp-1').Status | Should -Be 'Pass'
        ($rows | Where-Object ComputerName -eq 'legacy-worker-3').Status | Should -Be 'Fail'
        $rows | ForEach-Object { $_.ControlId | Should -Be '4.2.1'; $_.Expected | Should -Be 'false' }
    }

    It 'fails a default-only false and says why' {
        $root = New-NodeTree @{
            'etc/systemd/system/kubelet.service' = "[Service]`nExecStart=/usr/bin/kubelet --config /etc/kubelet.yaml`n"
            'etc/kubelet.yaml'                   = "apiVersion: kubelet.config.k8s.io/v1beta1`nkind: KubeletConfiguration`n"
        }
        try {
            $r = Test-CisKubelet421 -Root $root
            $r.Status | Should -Be 'Fail'
            $r.Actual | Should -Be 'false'
            $r.Explicit | Should -BeFalse
            $r.Source | Should -Be 'Default'
            $r.Reason | Should -Match 'only by default'
            $r.Remediation | Should -Match '/etc/kubelet.yaml'
        } finally { Remove-Item -Recurse -Force $root }
    }

    It 'names the file to change and the command that changes it' {
        $r = Test-CisKubelet421 -Root (Join-Path $nodes 'k3s-moved-data-dir')
        $r.Remediation | Should -BeExactly 'Set authentication.anonymous.enabled: false in /srv/k3s/agent/etc/kubelet.conf.d/50-debug.conf, then restart k3s-agent.service (Set-KubeletAnonymousAuth -Enabled $false does this).'
    }

    It 'writes an Error row with the error id for a node it cannot resolve' {
        $root = New-NodeTree @{ 'etc/systemd/system/kubelet.service' = "[Service]`nExecStart=/usr/bin/kubelet --anonymous-auth false`n" }
        try {
            $r = Test-CisKubelet421 -Root $root
            $r.Status | Should -Be 'Error'
            $r.ErrorId | Should -Be 'InvalidCommandLine'
            $r.Reason | Should -Match 'unknown command false'
            $r.SourcePath | Should -Be '/etc/systemd/system/kubelet.service'
        } finally { Remove-Item -Recurse -Force $root }
    }

    It 'audits a folder named several ways once, with one spelling of its Root' {
        Push-Location $nodes
        try {
            $rows = Test-CisKubelet421 -Root ./kubeadm-current, ./kubeadm-current/, .//kubeadm-current/., "$nodes/kubeadm-current"
        } finally { Pop-Location }
        $rows.Count | Should -Be 1
        $rows.Root | Should -Be (Join-Path (Resolve-Path $nodes).Path 'kubeadm-current')
        (Test-CisKubelet421 -Root //, /).Transport | Should -Be 'Local'
    }

    It 'names a -Root on another provider as given, not as a folder of the current location' {
        # A folder called HOME where the provider path 'HOME' would be taken to be.
        $work = New-NodeTree @{ 'HOME/etc/hostname' = 'not-this-one' }
        Push-Location $work
        try {
            $row = Test-CisKubelet421 -Root Env:/HOME -ErrorAction SilentlyContinue
        } finally { Pop-Location; Remove-Item -Recurse -Force $work }
        $row.ErrorId | Should -Be 'NodeRootNotFound'
        $row.Reason | Should -Be "The node root 'Env:/HOME' does not exist or is not a directory."
    }

    It 'writes $true/$false with -Quiet' {
        Test-CisKubelet421 -Root "$nodes/kubeadm-current" -Quiet | Should -BeExactly $true
        Test-CisKubelet421 -Root "$nodes/flags-only-default" -Quiet | Should -BeExactly $false
        $many = Get-ChildItem $nodes -Directory | Test-CisKubelet421 -Quiet
        $many | ForEach-Object { $_ | Should -BeOfType [bool] }
    }

    It 'round-trips through Export-Csv and Import-Csv without losing anything' {
        $csv = Join-Path ([IO.Path]::GetTempPath()) "kc-$([guid]::NewGuid()).csv"
        try {
            $rows = Get-ChildItem $nodes -Directory | Test-CisKubelet421
            $rows | Export-Csv $csv -NoTypeInformation
            $back = Import-Csv $csv
            $back.Count | Should -Be $rows.Count
            for ($i = 0; $i -lt $rows.Count; $i++) {
                foreach ($p in $rows[$i].PSObject.Properties) {
                    [string]$back[$i].($p.Name) | Should -BeExactly ([string]$p.Value) -Because "$($p.Name) of $($rows[$i].ComputerName)"
                }
            }
        } finally { Remove-Item $csv -ErrorAction SilentlyContinue }
    }

    It 'has only scalar properties on both output types' {
        $objects = @(Test-CisKubelet421 -Root "$nodes/kubeadm-current") + @(Get-KubeletAnonymousAuth -Root "$nodes/kubeadm-current")
        foreach ($o in $objects) {
            foreach ($p in $o.PSObject.Properties) {
                ($null -eq $p.Value -or $p.Value -is [string] -or $p.Value -is [bool] -or $p.Value -is [ValueType]) | Should -BeTrue -Because $p.Name
            }
        }
        ($objects[0] | ConvertTo-Json | ConvertFrom-Json).Reason | Should -Be $objects[0].Reason
    }

    It 'shows a compact table by default' {
        $text = Test-CisKubelet421 -Root "$nodes/kubeadm-current" | Out-String -Width 200
        $view = Get-FormatData -TypeName KubeletCompliance.CisControlResult
        $view.FormatViewDefinition[0].Control | Should -BeOfType [System.Management.Automation.TableControl]
        $text | Should -Match 'ComputerName\s+ControlId\s+Status\s+Actual\s+Explicit\s+Source\s+SourcePath'
        $text | Should -Match 'kubeadm-cp-1\s+4\.2\.1\s+Pass\s+false\s+True\s+ConfigFile'
        $text | Should -Not -Match 'Remediation'
        (Get-KubeletAnonymousAuth -Root "$nodes/kubeadm-current" | Out-String -Width 200) | Should -Match 'ComputerName\s+Enabled\s+Explicit\s+Source\s+SourcePath'
    }
}

Describe 'Help' {
    It 'documents <_> fully' -ForEach @('Get-KubeletAnonymousAuth', 'Test-CisKubelet421') {
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match '^\s*Get-|^\s*Test-'  # not the auto-generated syntax stub
        ($help.Description.Text -join ' ') | Should -Match 'kubelet'
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
        $own = (Get-Command $_).Parameters.Values | Where-Object { $_.Name -notin [System.Management.Automation.PSCmdlet]::CommonParameters -and -not ($_.Attributes.DontShow -contains $true) }
        foreach ($p in $own) {
            $doc = $help.Parameters.Parameter | Where-Object Name -eq $p.Name
            ($doc.Description.Text -join ' ') | Should -Not -BeNullOrEmpty -Because "-$($p.Name) needs a description"
        }
    }

    It 'says -Root takes pipeline input by property name with the FullName alias' {
        $root = (Get-Help Test-CisKubelet421 -Full).Parameters.Parameter | Where-Object Name -eq 'Root'
        $root.PipelineInput | Should -Match 'ByPropertyName'
        $root.Aliases | Should -Match 'FullName'
    }

    It 'ships about_KubeletCompliance' {
        $about = Get-Help about_KubeletCompliance
        ($about | Out-String) | Should -Match 'HOW THE KUBELET DECIDES'
    }
}

# The help's lists of error ids and output properties are generated from the code at build time; these tests read
# the built help as a user would and fail when anything the code can emit is missing from it.
BeforeAll {
    $script:modulePath = $env:KUBELETCOMPLIANCE_MODULE
    Import-Module $modulePath -Force
    # Loaded through the module's own load context, as a cmdlet would load it.
    $core = [System.Reflection.Assembly]::Load([System.Reflection.AssemblyName]::new('KubeletCompliance.Core'))
    $script:catalog = $core.GetType('KubeletCompliance.Core.Errors.ErrorCatalog', $true)::All
    $script:scopeType = $core.GetType('KubeletCompliance.Core.Errors.ErrorScope', $true)
    $script:scopes = @{
        'Get-KubeletAnonymousAuth'     = 'Audit'
        'Test-CisKubelet421'           = 'Audit'
        'Set-KubeletAnonymousAuth'     = 'Set'
        'Restore-KubeletAnonymousAuth' = 'Restore'
        'Export-CisReport'             = 'Report'
        'Remove-KubeletCompliancePod'  = 'Cleanup'
    }
}

Describe 'Generated help' {
    It 'covers every cmdlet of the module' {
        (Get-Command -Module KubeletCompliance -CommandType Cmdlet).Name | Sort-Object | Should -Be ($scopes.Keys | Sort-Object)
    }

    It 'lists every error id <_> can report, with its category' -ForEach @('Get-KubeletAnonymousAuth', 'Test-CisKubelet421', 'Set-KubeletAnonymousAuth', 'Restore-KubeletAnonymousAuth', 'Export-CisReport', 'Remove-KubeletCompliancePod') {
        $notes = (Get-Help $_ -Full).alertSet | Out-String
        $flag = [Enum]::Parse($scopeType, $scopes[$_])
        $ids = @($catalog | Where-Object { $_.Scope.HasFlag($flag) })
        $ids.Count | Should -BeGreaterThan 0
        foreach ($entry in $ids) {
            $notes | Should -Match "\b$($entry.Id) \($($entry.Kind)\)" -Because "$($entry.Id) can be reported by $_"
        }
    }

    It 'names every Transport and Status the rows of <Name> can carry' -ForEach @(
        @{ Name = 'Get-KubeletAnonymousAuth'; Statuses = @(); Cluster = $true }
        @{ Name = 'Test-CisKubelet421'; Statuses = 'Pass', 'Fail', 'NotApplicable', 'Error'; Cluster = $true }
        @{ Name = 'Set-KubeletAnonymousAuth'; Statuses = 'Changed', 'NoChange', 'Refused', 'Failed', 'RolledBack', 'WhatIf', 'Declined'; Cluster = $false }
        @{ Name = 'Restore-KubeletAnonymousAuth'; Statuses = 'Changed', 'NoChange', 'Refused', 'Failed', 'WhatIf', 'Declined'; Cluster = $false }
    ) {
        $module = [System.Reflection.Assembly]::Load([System.Reflection.AssemblyName]::new('KubeletCompliance'))
        $transports = $module.GetType('KubeletCompliance.Targets.NodeTransports', $true).GetFields() | ForEach-Object { $_.GetValue($null) }
        # Only audits read /configz; a change needs the node's files.
        if (-not $Cluster) { $transports = $transports | Where-Object { $_ -ne 'Cluster' } }
        $outputs = (Get-Help $Name -Full).returnValues | Out-String
        $said = [regex]::Match($outputs, 'Transport is ((?:\w+, )*\w+ or \w+)').Groups[1].Value -split ', | or ' | Sort-Object
        $said | Should -Be ($transports | Sort-Object)
        foreach ($status in $Statuses) { $outputs | Should -Match "\b$status\b" }
    }

    It 'lists the ids the issue found missing' {
        $get = (Get-Help Get-KubeletAnonymousAuth -Full).alertSet | Out-String
        foreach ($id in 'ConfigDirMissing', 'AuthenticationFailed', 'ConnectionRefused', 'HostKeyUnknown', 'ApiServerUnreachable', 'KubeconfigInvalid', 'NodeRootNotFound') {
            $get | Should -Match "\b$id\b"
        }
    }

    It 'lists every property of <_>''s output rows' -ForEach @('Get-KubeletAnonymousAuth', 'Test-CisKubelet421', 'Set-KubeletAnonymousAuth', 'Restore-KubeletAnonymousAuth', 'Remove-KubeletCompliancePod') {
        $returns = (Get-Help $_ -Full).returnValues | Out-String -Width 4096
        $type = (Get-Command $_).OutputType.Type | Where-Object Namespace -eq 'KubeletCompliance'
        foreach ($property in $type.GetProperties().Name) {
            $returns | Should -Match "\b$property\b" -Because "$($type.Name).$property is written by $_"
        }
        # Node rows say how their node was reached; pod rows are not node rows.
        if ($_ -ne 'Remove-KubeletCompliancePod') { $returns | Should -Match 'Transport' }
    }

    It 'names Live, Transport, ProbeStatus and ProbeVerdict for Get-KubeletAnonymousAuth' {
        $returns = (Get-Help Get-KubeletAnonymousAuth -Full).returnValues | Out-String -Width 4096
        foreach ($word in 'Live', 'Transport', 'ProbeStatus', 'ProbeVerdict') { $returns | Should -Match "\b$word\b" }
    }

    It 'lists every error id and every output property in about_KubeletCompliance' {
        $about = Get-Help about_KubeletCompliance | Out-String -Width 4096
        $about | Should -Not -Match '\{\{'
        foreach ($entry in $catalog) { $about | Should -Match "\b$($entry.Id) \($($entry.Kind)\)" }
        foreach ($type in [KubeletCompliance.AnonymousAuthSetting], [KubeletCompliance.CisControlResult], [KubeletCompliance.RemediationResult], [KubeletCompliance.NodePod]) {
            foreach ($property in $type.GetProperties().Name) { $about | Should -Match "\b$property\b" }
        }
    }
}

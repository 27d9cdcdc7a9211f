# Module manifest for KubeletCompliance. build.ps1 copies it into out/KubeletCompliance/ and stamps
# ModuleVersion from <Version> in Directory.Build.props, the one place the version is set, and ReleaseNotes from
# that version's section of CHANGELOG.md.
@{
    RootModule             = 'KubeletCompliance.dll'
    ModuleVersion          = '0.0.0'
    GUID                   = '5d0f4c47-3c0e-4a51-9a51-8f0b7f2a4c21'
    Author                 = 'KubeletCompliance developers'
    CompanyName            = 'KubeletCompliance'
    Copyright              = '(c) KubeletCompliance developers. MIT licence.'
    Description            = 'Audits and fixes CIS Kubernetes Benchmark 4.2.1 on Kubernetes nodes: the kubelet must reject anonymous requests. Resolves the effective --anonymous-auth setting with its provenance (flags, unit files, environment files, config file, drop-ins), locally, in a mounted node image, or over SSH.'
    CompatiblePSEditions   = @('Core', 'Desktop')
    PowerShellVersion      = '5.1'
    CmdletsToExport        = @('Get-KubeletAnonymousAuth', 'Test-CisKubelet421', 'Set-KubeletAnonymousAuth', 'Restore-KubeletAnonymousAuth', 'Remove-KubeletCompliancePod', 'Export-CisReport')
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('Kubernetes', 'kubelet', 'CIS', 'Compliance', 'Security', 'Audit', 'Linux', 'PSEdition_Core', 'PSEdition_Desktop')
            LicenseUri   = 'https://opensource.org/license/mit'
            ProjectUri   = 'https://github.com/kubeletcompliance/KubeletCompliance'
            ReleaseNotes = ''
        }
    }
}

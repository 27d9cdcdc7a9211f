<#
.SYNOPSIS
    Writes the module's MAML help (en-US/KubeletCompliance.dll-Help.xml) and about_ topics.
.DESCRIPTION
    platyPS is not available, so the readable source is one .psd1 per cmdlet under src/KubeletCompliance/Help
    (synopsis, description, one description per parameter, examples). Everything that is a fact of the code
    (parameter sets, types, mandatory, position, pipeline input, aliases, output types) is read from the built
    cmdlets, so help cannot drift from them. A parameter without a description fails the build.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $HelpSource,
    [Parameter(Mandatory)] [string] $Destination
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
$module = Get-Module KubeletCompliance
$common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
New-Item -ItemType Directory -Force $Destination | Out-Null

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$helpFile = Join-Path $Destination 'KubeletCompliance.dll-Help.xml'
$w = [System.Xml.XmlWriter]::Create($helpFile, $settings)

$maml = 'http://schemas.microsoft.com/maml/2004/10'
$command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'

function Write-Paragraphs([string] $Text) {
    foreach ($paragraph in ($Text.Trim() -split "\r?\n\s*\r?\n")) {
        $w.WriteElementString('para', $maml, ($paragraph -replace '\s*\r?\n\s*', ' ').Trim())
    }
}

function Write-Description([string] $Text) {
    $w.WriteStartElement('description', $maml)
    Write-Paragraphs $Text
    $w.WriteEndElement()
}

function Get-PipelineInput($attributes) {
    $kinds = @()
    if ($attributes | Where-Object ValueFromPipeline) { $kinds += 'ByValue' }
    if ($attributes | Where-Object ValueFromPipelineByPropertyName) { $kinds += 'ByPropertyName' }
    if ($kinds) { "True ($($kinds -join ', '))" } else { 'False' }
}

function Write-Parameter($parameter, $attribute, [string] $text) {
    $w.WriteStartElement('parameter', $command)
    $w.WriteAttributeString('required', ([string]$attribute.Mandatory).ToLowerInvariant())
    $w.WriteAttributeString('globbing', 'false')
    $w.WriteAttributeString('pipelineInput', (Get-PipelineInput $attribute))
    $w.WriteAttributeString('position', $(if ($attribute.Position -ge 0) { [string]$attribute.Position } else { 'named' }))
    $w.WriteAttributeString('aliases', $(if ($parameter.Aliases.Count) { $parameter.Aliases -join ', ' } else { 'none' }))
    $w.WriteElementString('name', $maml, $parameter.Name)
    Write-Description $text
    $isSwitch = $parameter.ParameterType -eq [switch]
    $w.WriteStartElement('parameterValue', $command)
    $w.WriteAttributeString('required', ([string](-not $isSwitch)).ToLowerInvariant())
    $w.WriteString($parameter.ParameterType.Name)
    $w.WriteEndElement()
    $w.WriteStartElement('type', $dev)
    $w.WriteElementString('name', $maml, $parameter.ParameterType.FullName)
    $w.WriteEndElement()
    $w.WriteEndElement()
}

$w.WriteStartDocument()
$w.WriteStartElement('helpItems')
$w.WriteAttributeString('schema', 'maml')
foreach ($cmd in Get-Command -Module KubeletCompliance -CommandType Cmdlet | Sort-Object Name) {
    $sourceFile = Join-Path $HelpSource "$($cmd.Name).psd1"
    if (-not (Test-Path $sourceFile)) { throw "No help source for $($cmd.Name): expected $sourceFile" }
    $source = Import-PowerShellDataFile $sourceFile
    # Parameters hidden with DontShow are plumbing (see NodeCommandBase.Directory), not user-facing.
    $hidden = $cmd.Parameters.Values | Where-Object { $_.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow } } | ForEach-Object Name
    $own = $cmd.Parameters.Values | Where-Object { $common -notcontains $_.Name -and $hidden -notcontains $_.Name }
    foreach ($p in $own) {
        if (-not $source.Parameters.ContainsKey($p.Name)) { throw "Help source $sourceFile has no description for -$($p.Name)" }
    }
    if ($source.Examples.Count -lt 2) { throw "Help source $sourceFile needs at least two examples" }

    $w.WriteStartElement('command', 'command', $command)
    $w.WriteAttributeString('xmlns', 'maml', $null, $maml)
    $w.WriteAttributeString('xmlns', 'dev', $null, $dev)
    $w.WriteStartElement('details', $command)
    $w.WriteElementString('name', $command, $cmd.Name)
    $w.WriteElementString('verb', $command, $cmd.Verb)
    $w.WriteElementString('noun', $command, $cmd.Noun)
    Write-Description $source.Synopsis
    $w.WriteEndElement()
    Write-Description $source.Description

    $w.WriteStartElement('syntax', $command)
    foreach ($set in $cmd.ParameterSets) {
        $w.WriteStartElement('syntaxItem', $command)
        $w.WriteElementString('name', $maml, $cmd.Name)
        foreach ($p in $set.Parameters | Where-Object { $common -notcontains $_.Name -and $hidden -notcontains $_.Name }) {
            $parameter = $cmd.Parameters[$p.Name]
            Write-Parameter $parameter $p $source.Parameters[$p.Name]
        }
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('parameters', $command)
    foreach ($p in $own | Sort-Object Name) {
        $attribute = $p.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] } | Select-Object -First 1
        Write-Parameter $p $attribute $source.Parameters[$p.Name]
    }
    $w.WriteEndElement()

    $w.WriteStartElement('inputTypes', $command)
    foreach ($input in $source.Inputs) {
        $w.WriteStartElement('inputType', $command)
        $w.WriteStartElement('type', $dev); $w.WriteElementString('name', $maml, $input.Type); $w.WriteEndElement()
        Write-Description $input.Description
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('returnValues', $command)
    foreach ($type in $cmd.OutputType) {
        $w.WriteStartElement('returnValue', $command)
        $w.WriteStartElement('type', $dev); $w.WriteElementString('name', $maml, $type.Name); $w.WriteEndElement()
        Write-Description ($source.Outputs[$type.Name] ?? $type.Name)
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    if ($source.Notes) {
        $w.WriteStartElement('alertSet', $maml)
        $w.WriteStartElement('alert', $maml)
        Write-Paragraphs $source.Notes
        $w.WriteEndElement()
        $w.WriteEndElement()
    }

    $w.WriteStartElement('examples', $command)
    $n = 0
    foreach ($example in $source.Examples) {
        $n++
        $w.WriteStartElement('example', $command)
        $w.WriteElementString('title', $maml, "-------------------------- Example ${n}: $($example.Title) --------------------------")
        $w.WriteElementString('code', $dev, $example.Code.Trim())
        $w.WriteStartElement('remarks', $dev)
        Write-Paragraphs $example.Remarks
        $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('relatedLinks', $maml)
    foreach ($link in @($source.RelatedLinks) + 'about_KubeletCompliance') {
        if (-not $link) { continue }
        $w.WriteStartElement('navigationLink', $maml)
        $w.WriteElementString('linkText', $maml, $link)
        $w.WriteElementString('uri', $maml, '')
        $w.WriteEndElement()
    }
    $w.WriteEndElement()
    $w.WriteEndElement()
}
$w.WriteEndElement()
$w.WriteEndDocument()
$w.Dispose()

Copy-Item (Join-Path $HelpSource 'about_*.help.txt') $Destination

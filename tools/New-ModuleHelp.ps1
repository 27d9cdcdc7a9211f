<#
.SYNOPSIS
    Writes the module's MAML help (en-US/KubeletCompliance.dll-Help.xml) and about_ topics.
.DESCRIPTION
    platyPS is not available, so the readable source is one .psd1 per cmdlet under src/KubeletCompliance/Help
    (synopsis, description, one description per parameter, examples). Everything that is a fact of the code
    (parameter sets, types, mandatory, position, pipeline input, aliases, default values, output types and their
    properties) is read from the built cmdlets, and every error id a cmdlet can report, with its category, meaning
    and action, from Core's error catalog (each source names the catalog scope it reports: Audit, Set, Restore or
    Report), so help cannot drift from the code. Descriptions of the parameters the node cmdlets share live once in
    NodeParameters.psd1. A parameter without a description fails the build. The about_ topics' {{ErrorIds}} and
    {{OutputProperties}} lines are replaced the same way.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $HelpSource,
    [Parameter(Mandatory)] [string] $Destination
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
$module = Get-Module KubeletCompliance
# The catalog lives in the engine, which the module loads only when a cmdlet runs: this build process reads it directly.
$core = [System.Reflection.Assembly]::LoadFrom((Join-Path (Split-Path $ModulePath) 'dependencies/KubeletCompliance.Core.dll'))
$catalog = $core.GetType('KubeletCompliance.Core.Errors.ErrorCatalog', $true)::All

function Get-ErrorIds([string] $Scope) {
    $flag = [Enum]::Parse($core.GetType('KubeletCompliance.Core.Errors.ErrorScope', $true), $Scope)
    $catalog | Where-Object { $_.Scope.HasFlag($flag) }
}

function Format-ErrorId($entry) { "$($entry.Id) ($($entry.Kind)): $($entry.Meaning) $($entry.Action)" }

# Public properties in declaration order: the columns Export-Csv writes.
function Get-OutputProperties([type] $Type) {
    if ($Type.Namespace -ne 'KubeletCompliance') { return @() }
    $Type.GetProperties() | Sort-Object MetadataToken | ForEach-Object Name
}
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

# A default is what a fresh cmdlet object holds: the code's initializers, so the help cannot disagree with them.
function Get-DefaultValue($cmd, $parameter) {
    if ($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.Mandatory }) { return 'None' }
    $value = [Activator]::CreateInstance($cmd.ImplementingType).($parameter.Name)
    if ($parameter.ParameterType -eq [switch]) { return 'False' }
    if ($null -eq $value -or ($value -is [bool] -and -not $value -and $parameter.ParameterType -ne [bool])) { return 'None' }
    if ($value -is [int] -and $value -eq 0) { return 'None' }
    return [string]$value
}

function Write-Parameter($parameter, $attribute, [string] $text, [string] $default) {
    # $attribute is a ParameterAttribute (Mandatory) or, in a syntax item, the set's CommandParameterInfo (IsMandatory).
    $mandatory = [bool]($attribute.Mandatory -or $attribute.IsMandatory)
    $w.WriteStartElement('parameter', $command)
    $w.WriteAttributeString('required', ([string]$mandatory).ToLowerInvariant())
    $w.WriteAttributeString('globbing', 'false')
    $w.WriteAttributeString('pipelineInput', (Get-PipelineInput $attribute))
    $w.WriteAttributeString('position', $(if ($attribute.Position -ge 0) { [string]$attribute.Position } else { 'named' }))
    $w.WriteAttributeString('aliases', $(if ($parameter.Aliases.Count) { $parameter.Aliases -join ', ' } else { 'none' }))
    $w.WriteElementString('name', $maml, $parameter.Name)
    Write-Description $text
    # A switch takes no value: without parameterValue, Get-Help writes [-Restart] rather than [-Restart <SwitchParameter>].
    if ($parameter.ParameterType -ne [switch]) {
        $w.WriteStartElement('parameterValue', $command)
        $w.WriteAttributeString('required', 'true')
        $w.WriteString($parameter.ParameterType.Name)
        $w.WriteEndElement()
    }
    $w.WriteStartElement('type', $dev)
    $w.WriteElementString('name', $maml, $parameter.ParameterType.FullName)
    $w.WriteEndElement()
    $w.WriteElementString('defaultValue', $dev, $default)
    $w.WriteEndElement()
}

$w.WriteStartDocument()
$w.WriteStartElement('helpItems')
$w.WriteAttributeString('schema', 'maml')
foreach ($cmd in Get-Command -Module KubeletCompliance -CommandType Cmdlet | Sort-Object Name) {
    $sourceFile = Join-Path $HelpSource "$($cmd.Name).psd1"
    if (-not (Test-Path $sourceFile)) { throw "No help source for $($cmd.Name): expected $sourceFile" }
    $source = Import-PowerShellDataFile $sourceFile
    $descriptions = (Import-PowerShellDataFile (Join-Path $HelpSource 'NodeParameters.psd1')).Parameters
    foreach ($name in $source.Parameters.Keys) { $descriptions[$name] = $source.Parameters[$name] }
    # Parameters hidden with DontShow are plumbing (see NodeCommandBase.Directory), not user-facing.
    $hidden = $cmd.Parameters.Values | Where-Object { $_.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow } } | ForEach-Object Name
    $own = $cmd.Parameters.Values | Where-Object { $common -notcontains $_.Name -and $hidden -notcontains $_.Name }
    foreach ($p in $own) {
        if (-not $descriptions.ContainsKey($p.Name)) { throw "Help source $sourceFile has no description for -$($p.Name)" }
    }
    if ($source.Examples.Count -lt 2) { throw "Help source $sourceFile needs at least two examples" }
    if (-not $source.ErrorScope) { throw "Help source $sourceFile names no ErrorScope (Audit, Set, Restore or Report)" }

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
            Write-Parameter $parameter $p $descriptions[$p.Name] (Get-DefaultValue $cmd $parameter)
        }
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('parameters', $command)
    foreach ($p in $own | Sort-Object Name) {
        $attribute = $p.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] } | Select-Object -First 1
        Write-Parameter $p $attribute $descriptions[$p.Name] (Get-DefaultValue $cmd $p)
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
        $properties = @(Get-OutputProperties $type.Type)
        # Sources key outputs by short name (RemediationResult); OutputType gives the full one.
        $lead = $source.Outputs[$type.Type.Name] ?? $source.Outputs[$type.Name] ?? $type.Name
        Write-Description ($(if ($properties) { "$lead`n`nProperties: $($properties -join ', ')." } else { $lead }))
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('alertSet', $maml)
    $w.WriteStartElement('alert', $maml)
    if ($source.Notes) { Write-Paragraphs $source.Notes }
    $w.WriteElementString('para', $maml, "Error ids (FullyQualifiedErrorId, and the ErrorId column), each with its category, meaning and recommended action:")
    foreach ($entry in Get-ErrorIds $source.ErrorScope) { $w.WriteElementString('para', $maml, (Format-ErrorId $entry)) }
    $w.WriteEndElement()
    $w.WriteEndElement()

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

# Wraps text to the about_ topics' width and indent.
function Format-Indented([string] $Text, [string] $Indent = '    ', [int] $Width = 76) {
    $lines = @(); $line = $Indent
    foreach ($word in $Text -split ' ') {
        if ($line.Trim() -and ($line.Length + 1 + $word.Length) -gt $Width) { $lines += $line; $line = "$Indent    $word" }
        elseif ($line.Trim()) { $line += " $word" } else { $line += $word }
    }
    ($lines + $line) -join "`n"
}

foreach ($topic in Get-ChildItem (Join-Path $HelpSource 'about_*.help.txt')) {
    $text = Get-Content -Raw $topic.FullName
    foreach ($marker in '{{ErrorIds}}', '{{OutputProperties}}') {
        if (-not $text.Contains($marker)) { throw "$($topic.Name) has no $marker line" }
    }
    $errors = ($catalog | ForEach-Object { Format-Indented (Format-ErrorId $_) }) -join "`n"
    $outputs = (Get-Command -Module KubeletCompliance -CommandType Cmdlet | ForEach-Object OutputType | ForEach-Object Type |
        Where-Object Namespace -eq 'KubeletCompliance' | Sort-Object FullName -Unique |
        ForEach-Object { Format-Indented "$($_.FullName): $((Get-OutputProperties $_) -join ', ')." }) -join "`n"
    $text = $text -replace '(?m)^[ \t]*\{\{ErrorIds\}\}[ \t]*$', $errors.Replace('$', '$$') -replace '(?m)^[ \t]*\{\{OutputProperties\}\}[ \t]*$', $outputs.Replace('$', '$$')
    Set-Content -Path (Join-Path $Destination $topic.Name) -Value $text -NoNewline
}

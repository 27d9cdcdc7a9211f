@{
    Synopsis     = 'Writes Test-CisKubelet421 results as a JUnit, SARIF 2.1.0 or self-contained HTML report.'
    Description  = @'
Export-CisReport takes CisControlResult rows from the pipeline, straight from Test-CisKubelet421 or read back with Import-Csv (every property a string; properties are read by name), and writes one report file for the whole pipeline:

JUnit XML (for Jenkins, GitLab, Azure DevOps and other CI systems): one testsuite per run and one testcase per node, named after the node, with the control (4.2.1 and its title) as classname. Fail is a <failure>, Error an <error> (type: the ErrorId), NotApplicable <skipped/>; Reason is the message, and the body gives Remediation, Source, SourcePath and Distribution. The suite's tests, failures, errors and skipped counts, its timestamp (when the export started, UTC) and its time (seconds from the start of the pipeline to its last row, which is the audit's duration when the rows come straight from Test-CisKubelet421) are exact.

SARIF 2.1.0 (for GitHub code scanning and SARIF viewers): one rule, 4.2.1, with help text and a link to the benchmark; one result per failing node, level error for Fail and warning for Error, with the deciding file (SourcePath, as a file:// URI) as the physical location and the node as the logical location (a cluster-mode row, read from the API server, has no file). Pass and NotApplicable rows are counted in the run's properties, not listed.

HTML: one self-contained page with no script and no external resource (a Content-Security-Policy forbids both): totals, a chart of Pass/Fail/Error/NotApplicable by distribution in inline SVG, the failing nodes (Fail, Error) with Reason and Remediation, then the other nodes. It reads on a phone and prints cleanly. Every value that comes from a node is HTML-escaped.

The format is -Format, or else follows the file name: .xml is JUnit, .sarif or .sarif.json SARIF, .html or .htm HTML.

Rows are written as they arrive: JUnit test cases and HTML table rows go to scratch files beside the report (deleted when closed) and only counts are kept in memory, so a fleet of any size needs the same memory. The report is written to a hidden temporary file in the destination's folder and renamed into place when the pipeline ends, so a reader never sees half a report and a stopped pipeline (Ctrl+C, an error upstream) leaves the previous file untouched. Text that XML forbids (control characters, lone surrogates) is replaced with U+FFFD in every format.

A row without ComputerName or Status, with an unknown Status or for another control is reported as a non-terminating error (ReportRowMissingProperty, ReportRowUnknownStatus, ReportRowUnknownControl) and left out; with -ErrorAction Stop no file is written.
'@
    Parameters   = @{
        Path        = 'The report file. Relative paths are relative to the current location, ~ is your home folder, PowerShell drives work. A path with wildcard characters must match exactly one existing file (use -LiteralPath otherwise).'
        LiteralPath = 'The report file, taken exactly as written (no wildcard characters).'
        Format      = 'JUnit, Sarif or Html. When omitted, the file name decides: .xml, .sarif (.sarif.json), .html (.htm); any other name is an error (ReportFormatUnknown).'
        InputObject = 'A result row: a CisControlResult from Test-CisKubelet421, or any object with the same property names (Import-Csv rows). Accepts pipeline input.'
        Title       = 'The report''s title: the JUnit suite name, the HTML page heading and the SARIF run description (default: Kubelet anonymous access (CIS 4.2.1)). Name the cluster or environment here.'
        PassThru    = 'Also write every input row to the pipeline as it arrives, so the report can sit in the middle of a pipeline (for example before Where-Object Status -in Fail, Error).'
        Force       = 'Replace a read-only report file (it stays read-only), as Export-Csv -Force does. A file owned by another user counts as read-only here, even for root.'
        NoClobber   = 'Do not replace an existing file: fail with ReportFileExists instead, also when the file appears while the pipeline runs.'
    }
    Inputs       = @(
        @{ Type = 'KubeletCompliance.CisControlResult'; Description = 'Rows of Test-CisKubelet421, or of Import-Csv of such rows.' }
    )
    ErrorScope   = 'Report'
    Outputs      = @{
        CisControlResult = 'With -PassThru: the input rows, unchanged. Otherwise nothing.'
    }
    Notes        = 'Errors about the report file (ReportFormatUnknown, ReportPath*, ReportFile*, ReportFolderNotFound, ReportWriteFailed) stop the cmdlet before or instead of writing; nothing is left behind; a row a report cannot describe (ReportRow*) is a non-terminating error. A replaced report keeps the owner, mode and SELinux label of the file it replaces (on Linux), as Export-Csv rewriting in place would; a new one gets your umask.'
    Examples     = @(
        @{
            Title   = 'A JUnit file for CI, and a failed build when any node fails'
            Code    = 'if (Test-CisKubelet421 -ComputerName (Get-Content nodes.txt) -KeyFilePath $key | Export-CisReport cis-4.2.1.xml -PassThru | Where-Object Status -in Fail, Error) { exit 1 }'
            Remarks = 'The CI system shows cis-4.2.1.xml as test results, one test per node; the script exits 1 when a node fails or could not be audited. Rows stream through, so the fleet is never held in memory.'
        }
        @{
            Title   = 'SARIF for GitHub code scanning'
            Code    = 'Test-CisKubelet421 -Kubeconfig ~/.kube/prod | Export-CisReport ./results/kubelet.sarif -Title prod'
            Remarks = 'Upload results/kubelet.sarif with the code scanning upload action; each failing node is one alert on rule 4.2.1.'
        }
        @{
            Title   = 'An HTML page for people, from yesterday''s CSV'
            Code    = 'Import-Csv ./audit-2026-03-01.csv | Export-CisReport ./fleet.html -Title ''Fleet, 1 March'''
            Remarks = 'Rows read back with Import-Csv work as well as live ones. Open fleet.html in any browser, send it by mail, or print it.'
        }
    )
    RelatedLinks = @('Test-CisKubelet421', 'Export-Csv')
}

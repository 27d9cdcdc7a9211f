using System;
using System.IO;
using System.Management.Automation;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Reporting;
using KubeletCompliance.Errors;
using KubeletCompliance.Reporting;

namespace KubeletCompliance.Commands
{
    /// <summary>
    /// Writes Test-CisKubelet421 rows (or their Import-Csv copy) from the pipeline into a JUnit, SARIF or HTML report,
    /// streaming, and puts the file in place atomically when the pipeline ends.
    /// </summary>
    [Cmdlet(VerbsData.Export, "CisReport", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
    [OutputType(typeof(CisControlResult))]
    public sealed class ExportCisReportCommand : PSCmdlet, IDisposable
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string ProjectUri = "https://github.com/kubeletcompliance/KubeletCompliance";

        private string destination;
        private ReportFile file;
        private IReportWriter writer;

        [Parameter(ParameterSetName = PathSet, Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        [Parameter(ParameterSetName = LiteralPathSet, Mandatory = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string LiteralPath { get; set; }

        [Parameter(Position = 1)]
        [ValidateSet("JUnit", "Sarif", "Html", IgnoreCase = true)]
        public string Format { get; set; }

        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [AllowNull]
        public PSObject InputObject { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Title { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        [Alias("NoOverwrite")]
        public SwitchParameter NoClobber { get; set; }

        protected override void BeginProcessing()
        {
            DebugSwitch.Apply(this);
            FormatViews.EnsureRegistered(this);
            destination = ResolveDestination();
            CheckFolder();
            var format = Format != null ? (ReportFormat)Enum.Parse(typeof(ReportFormat), Format, ignoreCase: true) : ReportFormats.FromFileName(destination);
            if (format == null)
            {
                Fail(new ArgumentException($"Cannot tell the report format from the name '{destination}': use -Format JUnit, Sarif or Html, or a name ending in .xml, .sarif or .html."),
                    ErrorIds.ReportFormatUnknown, destination);
            }

            bool keepReadOnly = CheckDestination();
            if (!ShouldProcess(destination, $"Write a {format} report of CIS 4.2.1 results"))
            {
                return;
            }

            try
            {
                file = new ReportFile(destination, NoClobber, keepReadOnly);
                writer = ReportWriters.Create(format.Value, file.Output, file.OpenScratch, new ReportRun(Title, DateTimeOffset.UtcNow, ModuleVersion(), ProjectUri));
            }
            catch (DirectoryNotFoundException error)
            {
                // The folder went away since CheckFolder looked.
                Fail(new DirectoryNotFoundException(MissingFolder(), error), ErrorIds.ReportFolderNotFound, destination);
            }
            catch (UnauthorizedAccessException error)
            {
                // The message would name the hidden temporary file, which the user never asked for.
                Fail(new UnauthorizedAccessException($"The folder '{System.IO.Path.GetDirectoryName(destination)}' cannot be written to (permission denied).", error),
                    ErrorIds.ReportWriteFailed, destination);
            }
            catch (IOException error)
            {
                Fail(error, ErrorIds.ReportWriteFailed, destination);
            }
        }

        protected override void ProcessRecord()
        {
            if (InputObject == null)
            {
                return;
            }

            if (writer != null)
            {
                try
                {
                    writer.Add(ReportRowReader.Read(InputObject));
                }
                catch (ReportRowException error)
                {
                    WriteError(ErrorRecords.Create(new InvalidDataException(error.Message, error), error.ErrorId, InputObject));
                }
                catch (IOException error)
                {
                    Fail(error, ErrorIds.ReportWriteFailed, destination);
                }
            }

            if (PassThru)
            {
                WriteObject(InputObject);
            }
        }

        protected override void EndProcessing()
        {
            if (writer == null)
            {
                return;
            }

            try
            {
                writer.Complete(DateTimeOffset.UtcNow);
                writer.Dispose();
                writer = null;
                file.Commit();
            }
            catch (IOException error) when (NoClobber && File.Exists(destination))
            {
                Fail(error, ErrorIds.ReportFileExists, destination);
            }
            catch (Exception error) when (error is IOException || error is UnauthorizedAccessException)
            {
                Fail(error, ErrorIds.ReportWriteFailed, destination);
            }
        }

        /// <summary>Runs at the end of every pipeline, also after Ctrl+C or an error upstream: no partial file stays.</summary>
        public void Dispose()
        {
            try
            {
                writer?.Dispose();
            }
            catch (IOException)
            {
                // Flushing what was buffered for a report that is being abandoned failed (a full disk); the streams are closed.
            }
            finally
            {
                writer = null;
                file?.Dispose();
                file = null;
            }
        }

        private string ResolveDestination()
        {
            string path = ParameterSetName == LiteralPathSet ? LiteralPath : Path;
            ProviderInfo provider;
            string resolved;
            if (ParameterSetName == PathSet && WildcardPattern.ContainsWildcardCharacters(path))
            {
                var matches = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider);
                if (matches.Count != 1)
                {
                    Fail(new ArgumentException($"The path '{path}' matches {matches.Count} items; a report needs one file. Use -LiteralPath for a name with wildcard characters."),
                        ErrorIds.ReportPathAmbiguous, path);
                }

                resolved = matches[0];
            }
            else
            {
                resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
            }

            if (provider.Name != "FileSystem")
            {
                Fail(new ArgumentException($"'{path}' is on the {provider.Name} provider; a report is written to the file system."),
                    ErrorIds.ReportPathNotFileSystem, path);
            }

            return resolved;
        }

        /// <summary>A folder named as the report, or a report in a folder that does not exist, is said so before anything else.</summary>
        private void CheckFolder()
        {
            if (Directory.Exists(destination))
            {
                Fail(new IOException($"'{destination}' is a folder; name the report file."), ErrorIds.ReportPathIsFolder, destination);
            }

            if (!Directory.Exists(System.IO.Path.GetDirectoryName(destination)))
            {
                Fail(new DirectoryNotFoundException(MissingFolder()), ErrorIds.ReportFolderNotFound, destination);
            }
        }

        private string MissingFolder() => $"The folder '{System.IO.Path.GetDirectoryName(destination)}' does not exist; create it or name a report in another.";

        /// <summary>Refuses what Export-Csv refuses; returns whether the replaced file was read-only (and so stays so).</summary>
        private bool CheckDestination()
        {
            if (!File.Exists(destination))
            {
                return false;
            }

            if (NoClobber)
            {
                Fail(new IOException($"'{destination}' exists and -NoClobber was given."), ErrorIds.ReportFileExists, destination);
            }

            bool readOnly = (File.GetAttributes(destination) & FileAttributes.ReadOnly) != 0;
            if (readOnly && !Force)
            {
                Fail(new UnauthorizedAccessException($"'{destination}' is read-only; use -Force to replace it."), ErrorIds.ReportFileReadOnly, destination);
            }

            return readOnly;
        }

        private string ModuleVersion() => MyInvocation.MyCommand.Module?.Version?.ToString() ?? string.Empty;

        /// <summary>
        /// Removes the temporary and scratch files before stopping: PowerShell disposes a cmdlet that stopped itself
        /// only when the whole statement ends, and until then they would hold the disk space that may have run out.
        /// </summary>
        private void Fail(Exception error, string errorId, object target)
        {
            Dispose();
            ThrowTerminatingError(ErrorRecords.Create(error, errorId, target));
        }
    }
}

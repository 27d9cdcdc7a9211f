using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Transports.Shell;
using KubeletCompliance.TestSupport;
using Xunit;

namespace KubeletCompliance.Core.Tests.Errors
{
    public class ErrorCatalogTests
    {
        private static readonly HashSet<string> CatalogIds = new HashSet<string>(ErrorCatalog.All.Select(e => e.Id), StringComparer.Ordinal);

        private static IEnumerable<string> IdConstants() =>
            typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral)
                .Select(f => (string)f.GetRawConstantValue());

        [Fact]
        public void EveryIdConstant_HasExactlyOneEntry_AndEveryEntryAConstant()
        {
            Assert.Equal(ErrorCatalog.All.Count, CatalogIds.Count);
            Assert.DoesNotContain(IdConstants(), id => !CatalogIds.Contains(id));
            Assert.Empty(CatalogIds.Except(IdConstants()));
        }

        [Fact]
        public void EveryEntry_SaysWhatItMeansAndWhatToDo_InOneLine()
        {
            foreach (var entry in ErrorCatalog.All)
            {
                Assert.False(string.IsNullOrWhiteSpace(entry.Meaning), entry.Id);
                Assert.False(string.IsNullOrWhiteSpace(entry.Action), entry.Id);
                Assert.DoesNotContain('\n', entry.Meaning + entry.Action);
                Assert.NotEqual(0, (int)entry.Scope);
            }
        }

        [Fact]
        public void EverySshAccessError_IsInTheCatalog()
        {
            Assert.DoesNotContain(Enum.GetNames(typeof(NodeAccessError)), id => !CatalogIds.Contains(id));
        }

        /// <summary>
        /// Ids reach users through a few constructors and properties; none of them may be given a string literal (an
        /// id the catalog and the help would not know), and no catalog id may be spelled out anywhere but ErrorIds.
        /// </summary>
        [Fact]
        public void NoErrorId_IsWrittenOutsideTheCatalog()
        {
            var idSites = new Regex(
                @"(new\s+(ErrorRecord|FixRefusal|NodeWriteException|EditRefusedException|ResolutionProblem|ClusterAuditException|ClusterAuditFailure)\s*\(\s*""" +
                @"|ErrorId\s*=\s*""|errorId:\s*""|ErrorRecords\.Create\([^;]*?,\s*""[A-Za-z]+""\s*,)",
                RegexOptions.Singleline);
            var literal = new Regex(@"""([A-Z][A-Za-z]+)""");
            var offenders = new List<string>();
            foreach (string file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "src"), "*.cs", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(RepositoryPaths.Root, file);
                if (relative.Contains("/obj/") || relative.Contains("/bin/") || relative.EndsWith("Errors/ErrorIds.cs", StringComparison.Ordinal))
                {
                    continue;
                }

                // Comments may name ids (that is documentation, not emission).
                string text = Regex.Replace(File.ReadAllText(file), @"//[^\n]*", string.Empty);
                offenders.AddRange(idSites.Matches(text).Select(m => $"{relative}: {m.Value.Trim()}"));
                offenders.AddRange(literal.Matches(text).Where(m => CatalogIds.Contains(m.Groups[1].Value)).Select(m => $"{relative}: {m.Value}"));
            }

            Assert.Empty(offenders);
        }

        [Fact]
        public void NewErrorRecord_IsBuiltInOnePlace()
        {
            var builders = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "src"), "*.cs", SearchOption.AllDirectories)
                .Where(file => !file.Contains("/obj/") && Regex.IsMatch(File.ReadAllText(file), @"new\s+ErrorRecord\s*\("))
                .Select(file => Path.GetFileName(file))
                .ToList();
            Assert.Equal(new[] { "ErrorRecords.cs" }, builders);
        }
    }
}

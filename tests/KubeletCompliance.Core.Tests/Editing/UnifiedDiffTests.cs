using KubeletCompliance.Core.Editing;
using Xunit;

namespace KubeletCompliance.Core.Tests.Editing
{
    public class UnifiedDiffTests
    {
        private const string Path = "/var/lib/kubelet/config.yaml";

        [Fact]
        public void EqualTexts_GiveAnEmptyDiff()
        {
            Assert.Equal(string.Empty, UnifiedDiff.Create(Path, "a\nb\n", "a\nb\n"));
        }

        [Fact]
        public void OneChangedLine_HasThreeLinesOfContextEachSide()
        {
            string before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
            string after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";

            Assert.Equal(
                "--- " + Path + "\n+++ " + Path + "\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n",
                UnifiedDiff.Create(Path, before, after));
        }

        [Fact]
        public void DistantChanges_GetSeparateHunks()
        {
            string before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n";
            string after = "one\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\ntwelve\n";

            Assert.Equal(
                "--- p\n+++ p\n@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n@@ -9,4 +9,4 @@\n 9\n 10\n 11\n-12\n+twelve\n",
                UnifiedDiff.Create("p", before, after));
        }

        [Fact]
        public void NearbyChanges_ShareOneHunk()
        {
            string before = "1\n2\n3\n4\n5\n6\n7\n8\n";
            string after = "one\n2\n3\n4\n5\n6\n7\neight\n";

            Assert.Equal(
                "--- p\n+++ p\n@@ -1,8 +1,8 @@\n-1\n+one\n 2\n 3\n 4\n 5\n 6\n 7\n-8\n+eight\n",
                UnifiedDiff.Create("p", before, after));
        }

        [Fact]
        public void InsertedLines_CountZeroOldLinesWhereNeeded()
        {
            Assert.Equal("--- p\n+++ p\n@@ -0,0 +1 @@\n+--anonymous-auth=false\n", UnifiedDiff.Create("p", string.Empty, "--anonymous-auth=false\n"));
            Assert.Equal(
                "--- p\n+++ p\n@@ -1,2 +1,4 @@\n kind: KubeletConfiguration\n authentication:\n+  anonymous:\n+    enabled: false\n",
                UnifiedDiff.Create("p", "kind: KubeletConfiguration\nauthentication:\n", "kind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\n"));
        }

        [Fact]
        public void CrlfLines_AreComparedWithoutTheirTerminators()
        {
            string before = "a\r\nenabled: true\r\nc\r\n";
            string after = "a\r\nenabled: false\r\nc\r\n";

            Assert.Equal("--- p\n+++ p\n@@ -1,3 +1,3 @@\n a\n-enabled: true\n+enabled: false\n c\n", UnifiedDiff.Create("p", before, after));
        }

        [Fact]
        public void LineEndingsAlone_GiveAnEmptyDiff()
        {
            Assert.Equal(string.Empty, UnifiedDiff.Create("p", "a\r\nb\r\n", "a\nb\n"));
        }

        [Fact]
        public void MissingFinalNewline_IsMarked()
        {
            string before = "--v=2";
            string after = "--v=2\n--anonymous-auth=false";

            Assert.Equal(
                "--- p\n+++ p\n@@ -1 +1,2 @@\n---v=2\n\\ No newline at end of file\n+--v=2\n+--anonymous-auth=false\n\\ No newline at end of file\n",
                UnifiedDiff.Create("p", before, after));
        }

        [Fact]
        public void EditorOutput_DiffShowsOnlyTheEditedLine()
        {
            string before = "kind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\n";
            string after = KubeletConfigEditor.SetAnonymousEnabled(before, false);

            Assert.Equal(
                "--- " + Path + "\n+++ " + Path + "\n@@ -1,4 +1,4 @@\n kind: KubeletConfiguration\n authentication:\n   anonymous:\n-    enabled: true\n+    enabled: false\n",
                UnifiedDiff.Create(Path, before, after));
        }
    }
}

using System;
using System.IO;
using System.Threading;

namespace KubeletCompliance.Transports.FileSystem
{
    /// <summary>
    /// A test hook for the crash tests: when KUBELETCOMPLIANCE_TEST_PAUSE_AT names a writer checkpoint
    /// ("after-backup", "before-rename"), the process writes KUBELETCOMPLIANCE_TEST_PAUSE_MARKER and waits there
    /// forever, so a test can kill it at exactly that point. Unset, it does nothing.
    /// </summary>
    public static class TestPausePoint
    {
        public static Action<string> FromEnvironment()
        {
            string point = Environment.GetEnvironmentVariable("KUBELETCOMPLIANCE_TEST_PAUSE_AT");
            string marker = Environment.GetEnvironmentVariable("KUBELETCOMPLIANCE_TEST_PAUSE_MARKER");
            if (string.IsNullOrEmpty(point) || string.IsNullOrEmpty(marker))
            {
                return null;
            }

            return reached =>
            {
                if (reached == point)
                {
                    File.WriteAllText(marker, reached);
                    Thread.Sleep(Timeout.Infinite);
                }
            };
        }
    }
}

using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace KubeletCompliance.Loading
{
    /// <summary>
    /// The module's engine (KubeletCompliance.Core, .Transports) and its third-party assemblies (YamlDotNet,
    /// SSH.NET and what they pull in) live in the 'dependencies' folder, where PowerShell never probes. On
    /// PowerShell 7 they load into a private AssemblyLoadContext, so another module's YamlDotNet or SSH.NET,
    /// loaded before or after ours, never meets ours. On Windows PowerShell 5.1 (.NET Framework has one load
    /// context) they load from the same folder through AppDomain.AssemblyResolve, without that isolation.
    /// </summary>
    internal static class DependencyLoader
    {
        private static readonly string DependencyFolder =
            Path.Combine(Path.GetDirectoryName(typeof(DependencyLoader).Assembly.Location), "dependencies");

        private static readonly bool IsNetFramework =
            RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

        private static bool registered;

        public static void Register()
        {
            if (registered)
            {
                return;
            }

            registered = true;
            if (IsNetFramework)
            {
                AppDomain.CurrentDomain.AssemblyResolve += ResolveOnNetFramework;
            }
            else
            {
                PrivateLoadContext.Register(DependencyFolder);
            }
        }

        public static void Unregister()
        {
            if (!registered)
            {
                return;
            }

            registered = false;
            if (IsNetFramework)
            {
                AppDomain.CurrentDomain.AssemblyResolve -= ResolveOnNetFramework;
            }
            else
            {
                PrivateLoadContext.Unregister();
            }
        }

        private static Assembly ResolveOnNetFramework(object sender, ResolveEventArgs args)
        {
            string path = Path.Combine(DependencyFolder, new AssemblyName(args.Name).Name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }
    }
}

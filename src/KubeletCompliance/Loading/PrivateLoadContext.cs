using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace KubeletCompliance.Loading
{
    /// <summary>
    /// The load context for the module's private assemblies (PowerShell 7 only; this type is never touched on
    /// .NET Framework). The default context asks it only for the module's own engine assemblies; everything those
    /// reference is then resolved here first, so YamlDotNet and SSH.NET come from our folder whatever else is loaded.
    /// Assemblies the runtime or PowerShell itself provides (System.*, the shared framework) are left to the default
    /// context, so types like Span&lt;T&gt; stay one type, unless the platform's copy is older than the one asked
    /// for: SSH.NET asks for System.Formats.Asn1 10.0, which PowerShell 7.4 on .NET 8 has only as 8.0.
    /// </summary>
    internal sealed class PrivateLoadContext : AssemblyLoadContext
    {
        private static readonly HashSet<string> EngineAssemblies = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "KubeletCompliance.Core",
            "KubeletCompliance.Transports",
            "KubeletCompliance.Cluster",
        };

        private static PrivateLoadContext instance;

        private readonly string folder;
        private readonly Dictionary<string, string> platformAssemblies;

        private PrivateLoadContext(string folder)
        {
            this.folder = folder;
            platformAssemblies = ReadPlatformAssemblyPaths();
        }

        public static void Register(string folder)
        {
            // One context for the life of the process: Remove-Module then Import-Module must see the same types.
            instance = instance ?? new PrivateLoadContext(folder);
            AssemblyLoadContext.Default.Resolving += ResolveEngineAssembly;
        }

        public static void Unregister() => AssemblyLoadContext.Default.Resolving -= ResolveEngineAssembly;

        private static Assembly ResolveEngineAssembly(AssemblyLoadContext context, AssemblyName name) =>
            EngineAssemblies.Contains(name.Name) ? instance.LoadFromAssemblyName(name) : null;

        protected override Assembly Load(AssemblyName name)
        {
            string path = Path.Combine(folder, name.Name + ".dll");
            if (PlatformSatisfies(name) || !File.Exists(path))
            {
                return null;
            }

            return LoadFromAssemblyPath(path);
        }

        private bool PlatformSatisfies(AssemblyName name)
        {
            if (!platformAssemblies.TryGetValue(name.Name, out string platformPath))
            {
                return false;
            }

            // Read only now, for the one name asked for, so importing the module opens no files.
            return name.Version == null || AssemblyName.GetAssemblyName(platformPath).Version >= name.Version;
        }

        private static Dictionary<string, string> ReadPlatformAssemblyPaths()
        {
            var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            string list = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty;
            foreach (string path in list.Split(Path.PathSeparator))
            {
                if (path.Length > 0)
                {
                    paths[Path.GetFileNameWithoutExtension(path)] = path;
                }
            }

            return paths;
        }
    }
}

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
    /// Assemblies the runtime itself provides (System.*, the shared framework) are left to the default context,
    /// so types like Span&lt;T&gt; stay one type.
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
        private readonly HashSet<string> platformAssemblies;

        private PrivateLoadContext(string folder)
        {
            this.folder = folder;
            platformAssemblies = ReadPlatformAssemblyNames();
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
            if (platformAssemblies.Contains(name.Name))
            {
                return null;
            }

            string path = Path.Combine(folder, name.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }

        private static HashSet<string> ReadPlatformAssemblyNames()
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            string list = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty;
            foreach (string path in list.Split(Path.PathSeparator))
            {
                if (path.Length > 0)
                {
                    names.Add(Path.GetFileNameWithoutExtension(path));
                }
            }

            return names;
        }
    }
}

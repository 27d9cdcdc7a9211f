using System.Management.Automation;

namespace KubeletCompliance.Loading
{
    /// <summary>Runs when PowerShell imports the module, before any cmdlet touches the engine assemblies.</summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        public void OnImport() => DependencyLoader.Register();

        public void OnRemove(PSModuleInfo psModuleInfo) => DependencyLoader.Unregister();
    }
}

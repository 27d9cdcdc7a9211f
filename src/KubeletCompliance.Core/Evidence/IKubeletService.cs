using System;

namespace KubeletCompliance.Core.Evidence
{
    /// <summary>The service manager of a live node, as far as a restart of the kubelet needs it.</summary>
    public interface IKubeletService
    {
        /// <summary>Makes the service manager reread unit files and drop-ins (systemctl daemon-reload).</summary>
        CommandResult ReloadUnits();

        CommandResult Restart(string serviceName);

        /// <summary>Waits until the kubelet's health endpoint answers "ok"; false when it has not by <paramref name="timeout"/>.</summary>
        bool WaitUntilHealthy(TimeSpan timeout);
    }
}

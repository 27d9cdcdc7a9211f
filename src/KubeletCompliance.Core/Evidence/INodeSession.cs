using System;

namespace KubeletCompliance.Core.Evidence
{
    /// <summary>
    /// One node opened through one transport (the local file system, a mounted root, SSH, ...), for as long as a
    /// cmdlet works on it: everything the node offers, behind one seam, so audits and changes never need to know
    /// which transport reached it. Disposing it closes the node's connection, which also ends any call in flight.
    /// </summary>
    public interface INodeSession : IDisposable
    {
        /// <summary>The node's name: its host name where the transport reads it, else the name it was reached by.</summary>
        string NodeName { get; }

        /// <summary>The node's evidence. Remote transports keep what they fetched, so after a change use <see cref="ReadAgain"/>.</summary>
        INodeReader Evidence { get; }

        /// <summary>Forgets what was fetched and returns a reader that sees the node as it is now (also the new <see cref="Evidence"/>).</summary>
        INodeReader ReadAgain();

        /// <summary>Changes the node's files: backups, atomic writes, restores.</summary>
        INodeWriter Files { get; }

        /// <summary>The kubelet's service manager, or null when the node is not a running machine (a file tree).</summary>
        /// <param name="healthzUrl">Where the kubelet's configuration puts its healthz endpoint; null when healthz is off.</param>
        IKubeletService KubeletService(string healthzUrl);
    }
}

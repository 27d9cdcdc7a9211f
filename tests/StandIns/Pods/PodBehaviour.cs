namespace KubeletCompliance.StandIns.Pods
{
    /// <summary>What the kubelet of a stand-in node does with a pod placed on it.</summary>
    public enum PodBehaviour
    {
        /// <summary>Pulls the image, starts the container after the configured start delay; exec runs commands.</summary>
        Runs,
        /// <summary>The image cannot be pulled: ErrImagePull, then ImagePullBackOff, for ever.</summary>
        ImagePullFails,
        /// <summary>The sandbox never comes up: ContainerCreating with FailedCreatePodSandBox events, for ever.</summary>
        NeverStarts,
        /// <summary>Runs, but every exec connection is dropped once the command has started.</summary>
        ExecCut,
        /// <summary>Runs until the first exec: then the node is deleted, the exec dropped and its pods collected.</summary>
        GoneMidRun,
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using KubeletCompliance.Core.Editing;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Resolution;

namespace KubeletCompliance.Core.Remediation
{
    /// <summary>
    /// Turns a node's resolved setting into the smallest set of file edits that makes the next start of the kubelet
    /// get an explicit anonymous-auth value. Where the change goes is <see cref="FixTargets"/>' decision; this class
    /// only runs the editors and then proves the result by resolving the edited node again. Nothing is written here.
    /// </summary>
    public sealed class RemediationPlanner
    {
        private readonly NodeResolver resolver;

        public RemediationPlanner(NodeResolver resolver)
        {
            this.resolver = resolver;
        }

        /// <summary>Plans with every layout the product knows, as the audit resolves.</summary>
        public static RemediationPlanner Default { get; } = new RemediationPlanner(NodeResolver.Default);

        public RemediationPlan Plan(INodeReader node, NodeSetting setting, bool enabled)
        {
            if (setting.NodeProblem != null)
            {
                return Refuse(setting, enabled, setting.NodeProblem.ErrorId, setting.NodeProblem.Message);
            }

            var configured = setting.Configured ?? setting.Effective;
            if (configured == null)
            {
                return Refuse(setting, enabled, ErrorIds.KubeletNotFound, "No kubelet was found on this node: no kubelet process is running and no kubelet service is installed.");
            }

            // A node that already has the value needs nothing, even one the cluster manages (OpenShift): refusing it would
            // make a fleet run report an error where nothing is wrong.
            if (configured.Problem == null && configured.Explicit && configured.Enabled == enabled)
            {
                return new RemediationPlan(setting, enabled, null, null, configured);
            }

            var targets = FixTargets.Choose(configured, out var refusal);
            if (refusal != null)
            {
                return new RemediationPlan(setting, enabled, null, refusal, null);
            }

            var originals = new Dictionary<string, string>(StringComparer.Ordinal);
            var planned = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var target in targets)
            {
                string source = null;
                if (target.Action == FixAction.OverrideUnit)
                {
                    var unit = node.ReadFile(target.Path);
                    if (!unit.Exists)
                    {
                        return Refuse(setting, enabled, unit.State == NodeFileState.Unreadable ? ErrorIds.TargetFileUnreadable : ErrorIds.TargetFileMissing,
                            $"{target.Path}, which holds the kubelet's command line, could not be read: {unit.Error}");
                    }

                    source = unit.Content;
                }

                string path = target.Folder != null ? NodePath.Combine(target.Folder, DropInNames.SortingLast(node, target)) : NodePath.Normalize(target.Path);
                if (!planned.TryGetValue(path, out string current))
                {
                    var file = node.ReadFile(path);
                    if (file.State == NodeFileState.Unreadable)
                    {
                        return Refuse(setting, enabled, ErrorIds.TargetFileUnreadable, $"{path} could not be read: {file.Error}");
                    }

                    if (file.State == NodeFileState.NotFound && target.Action != FixAction.AddFlag && target.Folder == null)
                    {
                        return Refuse(setting, enabled, ErrorIds.TargetFileMissing, $"{path}, which holds the setting, does not exist.");
                    }

                    originals[path] = file.Exists ? file.Content : null;
                    current = file.Exists ? file.Content : string.Empty;
                }

                try
                {
                    planned[path] = Edit(target, current, source, enabled);
                }
                catch (EditRefusedException exception)
                {
                    return Refuse(setting, enabled, exception.ErrorId, $"{path} is left unchanged: {exception.Message}");
                }
            }

            var edits = planned
                .Where(pair => pair.Value != originals[pair.Key])
                .Select(pair => new FileEdit(pair.Key, originals[pair.Key], pair.Value, UnifiedDiff.Create(pair.Key, originals[pair.Key] ?? string.Empty, pair.Value)))
                .ToList();
            var predicted = Predict(node, edits);
            if (predicted?.Problem != null || predicted?.Explicit != true || predicted.Enabled != enabled)
            {
                string files = edits.Count == 0 ? "no file" : string.Join(", ", edits.Select(edit => edit.Path));
                string result = predicted == null ? "no kubelet"
                    : predicted.Problem != null ? "a kubelet that cannot start (" + predicted.Problem.Message + ")"
                    : $"anonymous-auth {(predicted.Enabled == true ? "true" : "false")} from {predicted.Source}";
                return Refuse(setting, enabled, ErrorIds.PlanNotVerified,
                    $"Changing {files} would give {result}, not an explicit {(enabled ? "true" : "false")}; nothing is changed.");
            }

            return new RemediationPlan(setting, enabled, edits, null, predicted);
        }

        private LaunchSetting Predict(INodeReader node, IReadOnlyList<FileEdit> edits)
        {
            var overlay = new OverlayNode(node, edits.ToDictionary(edit => edit.Path, edit => edit.NewContent, StringComparer.Ordinal));
            var after = resolver.Resolve(overlay);
            return after.NodeProblem != null ? null : after.Configured ?? after.Effective;
        }

        private static string Edit(FixTarget target, string content, string source, bool enabled)
        {
            string flag = "--anonymous-auth=" + (enabled ? "true" : "false");
            switch (target.Action)
            {
                case FixAction.SetConfigValue:
                    return KubeletConfigEditor.SetAnonymousEnabled(content, enabled);
                case FixAction.AddConfigDropIn:
                    return content.Length == 0 ? KubeletConfigEditor.NewDropIn(enabled) : KubeletConfigEditor.SetAnonymousEnabled(content, enabled);
                case FixAction.AddToExecStart:
                    return ExecStartEditor.AddFlag(content, flag);
                case FixAction.OverrideUnit when target.FileKind == WordOriginKind.UnitEnvironment:
                    return FlagTextEditor.ReplaceAnonymousAuth(ExecStartEditor.OverrideEnvironment(target.Path, source, target.Variable, content), enabled);
                case FixAction.OverrideUnit:
                    string dropIn = ExecStartEditor.OverrideDropIn(target.Path, source, content);
                    string replaced = ReplaceInUnit(dropIn, target.PassedAs, enabled);
                    return replaced != dropIn ? replaced
                        : ExecStartEditor.AddFlag(dropIn, target.PassedAs == null ? flag : "--" + target.PassedAs + "=anonymous-auth=" + (enabled ? "true" : "false"));
                case FixAction.ReplaceFlag:
                case FixAction.AddFlag:
                    switch (target.FileKind)
                    {
                        case WordOriginKind.ArgsFile:
                            return ArgsFileEditor.SetFlag(content, enabled);
                        case WordOriginKind.DistributionConfig:
                            return DistributionConfigEditor.SetKubeletArg(content, enabled);
                        case WordOriginKind.EnvironmentFile when target.Action == FixAction.AddFlag:
                            return EnvironmentFileEditor.AddFlag(content, target.Variable, flag);
                        default:
                            if (target.Action == FixAction.AddFlag)
                            {
                                throw new EditRefusedException(ErrorIds.UnsupportedLayout, $"adding a flag to a {target.FileKind} file is not supported.");
                            }

                            return target.FileKind == WordOriginKind.UnitExecStart ? ReplaceInUnit(content, target.PassedAs, enabled) : FlagTextEditor.ReplaceAnonymousAuth(content, enabled);
                    }

                default:
                    throw new ArgumentOutOfRangeException(nameof(target), target.Action, "Unknown fix action.");
            }
        }

        /// <summary>The kubelet's own flag wherever the unit spells it; for k3s/RKE2 also the --kubelet-arg values of its command.</summary>
        private static string ReplaceInUnit(string content, string passedAs, bool enabled)
        {
            string replaced = FlagTextEditor.ReplaceAnonymousAuth(content, enabled);
            return passedAs == null ? replaced : ExecStartEditor.SetKubeletArg(replaced, enabled);
        }

        private static RemediationPlan Refuse(NodeSetting setting, bool enabled, string errorId, string message) =>
            new RemediationPlan(setting, enabled, null, new FixRefusal(errorId, message), null);
    }
}

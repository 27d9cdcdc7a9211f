using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace KubeletCompliance.Commands
{
    /// <summary>
    /// -Root and -InputObject, the parameters of this node and node images, given to PowerShell as dynamic parameters so
    /// that naming them with another kind of target's parameters reaches the cmdlet, which then says what goes with what.
    /// </summary>
    /// <remarks>
    /// PowerShell resolves parameter sets before any cmdlet code runs: with -Root and -Kubeconfig both static, the only
    /// answer is its generic "Parameter set cannot be resolved". Dynamic parameters are bound after the static ones,
    /// and asked for knowing them: when a parameter of the SSH or cluster set is already bound, -Root and -InputObject
    /// are offered in every set and hidden (DontShow keeps them out of tab completion), so the binding succeeds and
    /// BeginProcessing refuses it with TargetParametersConflict. Otherwise they are the Node set's, exactly as if they
    /// were static: Get-Command -Syntax, help and tab completion see the same parameters as before.
    /// </remarks>
    internal static class NodeSetParameters
    {
        public const string Root = "Root";
        public const string InputObject = "InputObject";

        public static RuntimeDefinedParameterDictionary For(bool otherTargetKindBound) => new RuntimeDefinedParameterDictionary
        {
            { Root, new RuntimeDefinedParameter(Root, typeof(string[]), RootAttributes(otherTargetKindBound)) },
            { InputObject, new RuntimeDefinedParameter(InputObject, typeof(FileSystemInfo), InputObjectAttributes(otherTargetKindBound)) },
        };

        /// <summary>The folder that is "/" of a node's file system here; "/" is this node. None means this node.</summary>
        private static Collection<Attribute> RootAttributes(bool misplaced) => new Collection<Attribute>
        {
            misplaced
                ? new ParameterAttribute { Position = 0, DontShow = true }
                : new ParameterAttribute { ParameterSetName = NodeCommandBase.NodeSet, Position = 0, ValueFromPipelineByPropertyName = true },
            new AliasAttribute("FullName"),
            new EmptyRootDoesNotBindAttribute(),
            new AllowNullAttribute(),
            new AllowEmptyStringAttribute(),
            new AllowEmptyCollectionAttribute(),
        };

        /// <summary>
        /// A folder piped in (Get-ChildItem -Directory, Get-Item). By property name alone, DirectoryInfo's own Root property
        /// ("/") would bind before its FullName; the abstract type keeps strings and rows from being converted into it.
        /// </summary>
        private static Collection<Attribute> InputObjectAttributes(bool misplaced) => new Collection<Attribute>
        {
            misplaced
                ? new ParameterAttribute { DontShow = true }
                : new ParameterAttribute { ParameterSetName = NodeCommandBase.NodeSet, ValueFromPipeline = true },
        };

        /// <summary>
        /// The static parameters of <paramref name="command"/> that belong to a set other than Node (SSH or cluster)
        /// and were given, in the order given.
        /// </summary>
        public static IEnumerable<string> OtherTargetKindParameters(Cmdlet command, IEnumerable<string> bound) =>
            bound.Where(name => SetsOf(command.GetType(), name).Any(set => set != NodeCommandBase.NodeSet && set != ParameterAttribute.AllParameterSets));

        /// <summary>The sets a static parameter is declared in; none for common and dynamic parameters.</summary>
        public static IEnumerable<string> SetsOf(Type command, string name) =>
            command.GetProperty(name, BindingFlags.Public | BindingFlags.Instance)?.GetCustomAttributes<ParameterAttribute>().Select(p => p.ParameterSetName)
            ?? Enumerable.Empty<string>();

        /// <summary>What a set's parameters are for, with its first few parameters: the words of TargetParametersConflict.</summary>
        public static string Describe(Type command, string set)
        {
            if (set == NodeCommandBase.NodeSet)
            {
                return "this node or node images (-Root, -InputObject, or no target at all)";
            }

            var names = command.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.GetCustomAttributes<ParameterAttribute>().Any(a => a.ParameterSetName == set && !a.DontShow))
                .Select(p => "-" + p.Name)
                .OrderBy(name => name == "-ComputerName" ? 0 : 1)
                .ToList();
            string kind = set == NodeCommandBase.SshSet
                ? (names.Contains("-Kubeconfig") ? "nodes by name, over SSH or through node pods" : "SSH nodes")
                : "a cluster";
            return $"{kind} ({string.Join(", ", names.Take(6))}{(names.Count > 6 ? ", and more" : string.Empty)})";
        }

        /// <summary>Whether the command has a parameter set of that name (Set-/Restore- have no cluster set).</summary>
        public static bool ParametersIn(Type command, string set) =>
            command.GetProperties(BindingFlags.Public | BindingFlags.Instance).Any(p => p.GetCustomAttributes<ParameterAttribute>().Any(a => a.ParameterSetName == set));

        /// <summary>The kind of target a given parameter is for, as <see cref="Describe"/> says it.</summary>
        public static string SetOf(Type command, string name) =>
            name == Root || name == InputObject ? NodeCommandBase.NodeSet : SetsOf(command, name).FirstOrDefault(s => s != ParameterAttribute.AllParameterSets);
    }
}

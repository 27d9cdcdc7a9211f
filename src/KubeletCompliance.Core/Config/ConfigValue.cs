using System.Collections.Generic;

namespace KubeletCompliance.Core.Config
{
    public enum ConfigValueKind
    {
        Null,
        Bool,
        Number,
        String,
        Map,
        List,
    }

    /// <summary>A decoded YAML/JSON value, typed the way sigs.k8s.io/yaml (YAML 1.1 rules) hands it to the kubelet.</summary>
    public sealed class ConfigValue
    {
        private ConfigValue(ConfigValueKind kind, string text, bool boolean, Dictionary<string, ConfigValue> map, List<ConfigValue> list)
        {
            Kind = kind;
            Text = text;
            Boolean = boolean;
            Map = map;
            List = list;
        }

        public ConfigValueKind Kind { get; }
        /// <summary>The scalar as written (for reports).</summary>
        public string Text { get; }
        public bool Boolean { get; }
        /// <summary>Keys are case-sensitive; a repeated key keeps its last value.</summary>
        public Dictionary<string, ConfigValue> Map { get; }
        public List<ConfigValue> List { get; }

        /// <summary>Where the value starts in its file (1-based); 0 for a value not read from a file.</summary>
        public int Line { get; private set; }
        public int Column { get; private set; }

        /// <summary>The value with its place in the file; the shared <see cref="Null"/> gets a copy of its own.</summary>
        internal ConfigValue At(int line, int column)
        {
            var placed = ReferenceEquals(this, Null) ? new ConfigValue(Kind, Text, Boolean, Map, List) : this;
            placed.Line = line;
            placed.Column = column;
            return placed;
        }

        public static readonly ConfigValue Null = new ConfigValue(ConfigValueKind.Null, "null", false, null, null);

        public static ConfigValue FromBool(bool value, string text) => new ConfigValue(ConfigValueKind.Bool, text, value, null, null);

        public static ConfigValue FromNumber(string text) => new ConfigValue(ConfigValueKind.Number, text, false, null, null);

        public static ConfigValue FromString(string text) => new ConfigValue(ConfigValueKind.String, text, false, null, null);

        public static ConfigValue NewMap() => new ConfigValue(ConfigValueKind.Map, null, false, new Dictionary<string, ConfigValue>(System.StringComparer.Ordinal), null);

        public static ConfigValue NewList() => new ConfigValue(ConfigValueKind.List, null, false, null, new List<ConfigValue>());

        public ConfigValue Get(string key) =>
            Kind == ConfigValueKind.Map && Map.TryGetValue(key, out var value) ? value : null;
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace KubeletCompliance.Core.Config
{
    /// <summary>The text could not be decoded; <see cref="Line"/> and <see cref="Column"/> are 1-based.</summary>
    public sealed class ConfigSyntaxException : Exception
    {
        public ConfigSyntaxException(string message, Mark where)
            : base(message)
        {
            Line = (int)where.Line;
            Column = (int)where.Column;
        }

        public int Line { get; }
        public int Column { get; }

        /// <summary>"line 3, column 14": where an editor's cursor goes to fix it.</summary>
        public string Where => $"line {Line}, column {Column}";
    }

    /// <summary>
    /// Decodes YAML or JSON (JSON is read as YAML, as the kubelet does) into <see cref="ConfigValue"/>.
    /// Plain scalars resolve by YAML 1.1 rules, because the kubelet's sigs.k8s.io/yaml uses go-yaml v2:
    /// yes/no/on/off/y/n are booleans there. Quoted scalars are strings. Duplicate keys keep the last value.
    /// </summary>
    public static class ConfigParser
    {
        /// <summary>
        /// Deeper nesting is refused: a kubelet config nests a few levels, and each level is a stack frame here, so
        /// a file of 400 KB of '[' would otherwise end the process with a stack overflow no handler can catch.
        /// </summary>
        public const int MaxDepth = 64;

        /// <summary>Returns the first document, or null when the text holds no document at all.</summary>
        public static ConfigValue Parse(string content)
        {
            if (content.Length > 0 && content[0] == '\uFEFF')
            {
                content = content.Substring(1);
            }

            var parser = new Parser(new StringReader(content));
            var anchors = new Dictionary<string, ConfigValue>(StringComparer.Ordinal);
            try
            {
                parser.Consume<StreamStart>();
                if (!parser.TryConsume<DocumentStart>(out _))
                {
                    return null;
                }

                var value = ReadValue(parser, anchors, 0);
                return value;
            }
            catch (YamlException e)
            {
                throw new ConfigSyntaxException(e.Message, e.Start);
            }
        }

        private static ConfigValue ReadValue(IParser parser, Dictionary<string, ConfigValue> anchors, int depth)
        {
            if (depth > MaxDepth)
            {
                throw new ConfigSyntaxException($"the document nests deeper than {MaxDepth} levels", parser.Current.Start);
            }

            if (parser.TryConsume<AnchorAlias>(out var alias))
            {
                if (!anchors.TryGetValue(alias.Value.Value, out var aliased))
                {
                    throw new ConfigSyntaxException("unknown anchor '" + alias.Value.Value + "'", alias.Start);
                }

                return aliased;
            }

            ConfigValue value;
            string anchor;
            Mark start = parser.Current.Start;
            if (parser.TryConsume<Scalar>(out var scalar))
            {
                value = Resolve(scalar);
                anchor = scalar.Anchor.IsEmpty ? null : scalar.Anchor.Value;
            }
            else if (parser.TryConsume<SequenceStart>(out var sequenceStart))
            {
                value = ConfigValue.NewList();
                anchor = sequenceStart.Anchor.IsEmpty ? null : sequenceStart.Anchor.Value;
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    value.List.Add(ReadValue(parser, anchors, depth + 1));
                }
            }
            else
            {
                var mappingStart = parser.Consume<MappingStart>();
                value = ConfigValue.NewMap();
                anchor = mappingStart.Anchor.IsEmpty ? null : mappingStart.Anchor.Value;
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var keyEvent = parser.Current;
                    var key = ReadValue(parser, anchors, depth + 1);
                    if (key.Kind == ConfigValueKind.Map || key.Kind == ConfigValueKind.List)
                    {
                        throw new ConfigSyntaxException("a mapping key must be a scalar", keyEvent.Start);
                    }

                    value.Map[key.Text] = ReadValue(parser, anchors, depth + 1);
                }
            }

            if (anchor != null)
            {
                anchors[anchor] = value;
            }

            return value.At((int)start.Line, (int)start.Column);
        }

        private static ConfigValue Resolve(Scalar scalar)
        {
            string text = scalar.Value;
            if (!scalar.Tag.IsEmpty)
            {
                string tag = scalar.Tag.Value;
                if (tag == "tag:yaml.org,2002:str")
                {
                    return ConfigValue.FromString(text);
                }

                if (tag == "tag:yaml.org,2002:bool" && TryYaml11Bool(text, out bool tagged))
                {
                    return ConfigValue.FromBool(tagged, text);
                }
            }

            if (scalar.Style != ScalarStyle.Plain)
            {
                return ConfigValue.FromString(text);
            }

            switch (text)
            {
                case "":
                case "~":
                case "null":
                case "Null":
                case "NULL":
                    return ConfigValue.Null;
            }

            if (TryYaml11Bool(text, out bool boolean))
            {
                return ConfigValue.FromBool(boolean, text);
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                return ConfigValue.FromNumber(text);
            }

            return ConfigValue.FromString(text);
        }

        /// <summary>go-yaml v2's resolve table for booleans.</summary>
        public static bool TryYaml11Bool(string text, out bool value)
        {
            switch (text)
            {
                case "y": case "Y": case "yes": case "Yes": case "YES":
                case "true": case "True": case "TRUE":
                case "on": case "On": case "ON":
                    value = true;
                    return true;
                case "n": case "N": case "no": case "No": case "NO":
                case "false": case "False": case "FALSE":
                case "off": case "Off": case "OFF":
                    value = false;
                    return true;
                default:
                    value = false;
                    return false;
            }
        }
    }
}

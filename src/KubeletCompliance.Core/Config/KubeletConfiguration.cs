using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Resolution;

namespace KubeletCompliance.Core.Config
{
    /// <summary>What one config file or drop-in says about anonymous authentication, as the kubelet decodes it.</summary>
    public sealed class KubeletConfiguration
    {
        public const string ApiVersion = "kubelet.config.k8s.io/v1beta1";
        public const string Kind = "KubeletConfiguration";

        private KubeletConfiguration(ConfigValue document, ResolutionProblem problem)
        {
            Document = document;
            Problem = problem;
        }

        /// <summary>The decoded document, or null when <see cref="Problem"/> is set.</summary>
        public ConfigValue Document { get; }
        public ResolutionProblem Problem { get; }

        /// <summary>authentication.anonymous.enabled when the document sets it to a boolean; null when it leaves it unset.</summary>
        public bool? AnonymousEnabled => ReadAnonymousEnabled(Document);

        /// <summary>Decodes a --config file (<paramref name="isDropIn"/> false) or a --config-dir drop-in.</summary>
        public static KubeletConfiguration Decode(string path, string content, bool isDropIn)
        {
            string what = isDropIn ? "drop-in" : "config file";
            ConfigValue document;
            try
            {
                document = ConfigParser.Parse(content);
            }
            catch (ConfigSyntaxException e)
            {
                return Failed(ErrorIds.ConfigSyntaxError, path, $"The kubelet {what} {path} is not valid YAML or JSON ({e.Where}): {e.Message}");
            }

            if (document == null || document.Kind == ConfigValueKind.Null)
            {
                // kubernetes/kubernetes#124796: an empty file fails decoding ("Object 'Kind' is missing").
                return Failed(isDropIn ? ErrorIds.DropInEmpty : ErrorIds.ConfigEmpty, path, $"The kubelet {what} {path} is empty; the kubelet refuses to start with it.");
            }

            if (document.Kind != ConfigValueKind.Map)
            {
                return Failed(ErrorIds.ConfigWrongType, path, $"The kubelet {what} {path} is not a mapping; the kubelet refuses to start with it.");
            }

            var kind = document.Get("kind");
            var apiVersion = document.Get("apiVersion");
            if (kind == null || kind.Kind != ConfigValueKind.String || kind.Text != Kind
                || apiVersion == null || apiVersion.Kind != ConfigValueKind.String || apiVersion.Text != ApiVersion)
            {
                return Failed(ErrorIds.ConfigNotKubeletConfiguration, path,
                    $"The kubelet {what} {path} must have 'apiVersion: {ApiVersion}' and 'kind: {Kind}'; the kubelet refuses to start without them.");
            }

            var type = CheckTypes(document);
            if (type != null)
            {
                return Failed(ErrorIds.ConfigWrongType, path, $"In the kubelet {what} {path}, {type}; the kubelet refuses to start with it.");
            }

            return new KubeletConfiguration(document, null);
        }

        private static string CheckTypes(ConfigValue document)
        {
            var authentication = document.Get("authentication");
            if (authentication == null || authentication.Kind == ConfigValueKind.Null)
            {
                return null;
            }

            if (authentication.Kind != ConfigValueKind.Map)
            {
                return $"'authentication' ({Place(authentication)}) is not a mapping";
            }

            var anonymous = authentication.Get("anonymous");
            if (anonymous == null || anonymous.Kind == ConfigValueKind.Null)
            {
                return null;
            }

            if (anonymous.Kind != ConfigValueKind.Map)
            {
                return $"'authentication.anonymous' ({Place(anonymous)}) is not a mapping";
            }

            var enabled = anonymous.Get("enabled");
            if (enabled == null || enabled.Kind == ConfigValueKind.Null || enabled.Kind == ConfigValueKind.Bool)
            {
                return null;
            }

            return $"'authentication.anonymous.enabled' ({Place(enabled)}) is '{enabled.Text}', which is not a boolean (a quoted \"false\" is a string)";
        }

        private static string Place(ConfigValue value) => $"line {value.Line}, column {value.Column}";

        public static bool? ReadAnonymousEnabled(ConfigValue document)
        {
            var enabled = document?.Get("authentication")?.Get("anonymous")?.Get("enabled");
            return enabled != null && enabled.Kind == ConfigValueKind.Bool ? enabled.Boolean : (bool?)null;
        }

        private static KubeletConfiguration Failed(string errorId, string path, string message) =>
            new KubeletConfiguration(null, new ResolutionProblem(errorId, message, path));
    }
}

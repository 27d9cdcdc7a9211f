using System;
using System.IO;
using System.Runtime.Versioning;
using System.Text;

namespace KubeletCompliance.Live.Tests
{
    /// <summary>Writes kubeconfig files the way users have them, one way of authenticating at a time.</summary>
    public sealed class Kubeconfig : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("kubelet-compliance-").FullName;
        private string _clusterFields = "";
        private string _userFields = "";

        public Kubeconfig(string server)
        {
            Server = server;
        }

        public string Server { get; }
        public string Folder => _folder;

        public Kubeconfig WithCertificateAuthorityData(string pem) => Cluster("certificate-authority-data: " + Base64(pem));
        public Kubeconfig WithCertificateAuthorityFile(string pem) => Cluster("certificate-authority: " + WriteFile("ca.crt", pem));
        public Kubeconfig WithInsecureSkipTlsVerify() => Cluster("insecure-skip-tls-verify: true");
        public Kubeconfig WithToken(string token) => User("token: " + token);

        public Kubeconfig WithClientCertificateData(string certificatePem, string keyPem) =>
            User("client-certificate-data: " + Base64(certificatePem)).User("client-key-data: " + Base64(keyPem));

        public Kubeconfig WithClientCertificateFiles(string certificatePem, string keyPem) =>
            User("client-certificate: " + WriteFile("client.crt", certificatePem)).User("client-key: " + WriteFile("client.key", keyPem));

        /// <summary>A credential plugin in the form cloud CLIs use: a program that prints an ExecCredential.</summary>
        [UnsupportedOSPlatform("windows")]
        public Kubeconfig WithExecPluginPrintingToken(string token) =>
            WithExecPlugin("echo '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"" + token + "\"}}'");

        /// <summary>A credential plugin that fails the way an expired cloud login does.</summary>
        [UnsupportedOSPlatform("windows")]
        public Kubeconfig WithFailingExecPlugin() => WithExecPlugin("echo 'error: you must be logged in to the server' >&2; exit 1");

        [UnsupportedOSPlatform("windows")]
        private Kubeconfig WithExecPlugin(string shellBody)
        {
            string script = WriteFile("credential-plugin.sh", "#!/bin/sh\n" + shellBody + "\n");
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return User("exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: " + script
                + "\n      interactiveMode: Never");
        }

        public string Write()
        {
            var yaml = new StringBuilder()
                .Append("apiVersion: v1\nkind: Config\n")
                .Append("clusters:\n- name: test\n  cluster:\n    server: ").Append(Server).Append('\n').Append(_clusterFields)
                .Append("users:\n- name: auditor\n  user:\n").Append(_userFields.Length == 0 ? "    {}\n" : _userFields)
                .Append("contexts:\n- name: test\n  context:\n    cluster: test\n    user: auditor\n")
                .Append("current-context: test\n");
            return WriteFile("config", yaml.ToString());
        }

        public void Dispose() => Directory.Delete(_folder, true);

        private Kubeconfig Cluster(string field)
        {
            _clusterFields += "    " + field + "\n";
            return this;
        }

        private Kubeconfig User(string field)
        {
            _userFields += "    " + field + "\n";
            return this;
        }

        private string WriteFile(string name, string content)
        {
            string path = Path.Combine(_folder, name);
            File.WriteAllText(path, content);
            return path;
        }

        private static string Base64(string text) => Convert.ToBase64String(Encoding.ASCII.GetBytes(text));
    }
}

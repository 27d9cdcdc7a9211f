using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using KubeletCompliance.Transports.Shell;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace KubeletCompliance.Transports.Ssh
{
    /// <summary>
    /// The ways a login is tried, in OpenSSH's order: keys (the named file, the agent's, ssh_config's identity files),
    /// then the password, also as keyboard-interactive answers.
    /// </summary>
    internal static class SshAuthentication
    {
        internal static AuthenticationMethod[] Methods(SshConnectionOptions options, string user, string target, List<IDisposable> credentials)
        {
            var methods = new List<AuthenticationMethod>();
            var files = new List<string>();
            if (!string.IsNullOrEmpty(options.KeyFilePath))
            {
                files.Add(options.KeyFilePath);
            }

            files.AddRange((options.IdentityFiles ?? DefaultIdentityFiles()).Where(f => f != options.KeyFilePath));
            SshIdentities identities = SshIdentities.Load(files, options.KeyFilePath, options.KeyPassphrase, options.IdentitiesOnly,
                Agent.SshAgentClient.SocketFor(options.IdentityAgent), options.ConnectTimeout, target);
            credentials.Add(identities);
            if (identities.Sources.Count > 0)
            {
                methods.Add(new PrivateKeyAuthenticationMethod(user, identities.Sources.ToArray()));
            }

            if (options.Password != null)
            {
                var password = new PasswordAuthenticationMethod(user, options.Password);
                credentials.Add(password);
                methods.Add(password);

                // Some servers only offer keyboard-interactive; answer its hidden prompts with the same password.
                var interactive = new KeyboardInteractiveAuthenticationMethod(user);
                interactive.AuthenticationPrompt += (sender, e) =>
                {
                    foreach (AuthenticationPrompt prompt in e.Prompts)
                    {
                        if (!prompt.IsEchoed)
                        {
                            prompt.Response = options.Password;
                        }
                    }
                };
                credentials.Add(interactive);
                methods.Add(interactive);
            }

            if (methods.Count == 0)
            {
                throw identities.AgentProblem ?? new NodeAccessException(NodeAccessError.AuthenticationFailed, target,
                    "No credentials for " + target + ": no key in the SSH agent, no usable unencrypted identity file, no password.");
            }

            return methods.ToArray();
        }

        /// <summary>OpenSSH's default identity files, used when no ssh_config says otherwise.</summary>
        private static IEnumerable<string> DefaultIdentityFiles()
        {
            string folder = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh");
            return new[] { "id_rsa", "id_ecdsa", "id_ecdsa_sk", "id_ed25519", "id_ed25519_sk", "id_xmss", "id_dsa" }.Select(n => Path.Combine(folder, n));
        }
    }
}

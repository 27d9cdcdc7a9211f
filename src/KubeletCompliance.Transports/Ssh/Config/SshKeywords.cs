using System;
using System.Collections.Generic;

namespace KubeletCompliance.Transports.Ssh.Config
{
    /// <summary>
    /// Every keyword OpenSSH 9.2's readconf.c knows (including the deprecated and unsupported ones it accepts), so that
    /// only a keyword ssh itself would reject is reported as unknown.
    /// </summary>
    internal static class SshKeywords
    {
        private static readonly HashSet<string> Known = new HashSet<string>(StringComparer.Ordinal)
        {
            "addkeystoagent", "addressfamily", "afstokenpassing", "batchmode", "bindaddress", "bindinterface",
            "canonicaldomains", "canonicalizefallbacklocal", "canonicalizehostname", "canonicalizemaxdots",
            "canonicalizepermittedcnames", "casignaturealgorithms", "certificatefile", "challengeresponseauthentication",
            "checkhostip", "cipher", "ciphers", "clearallforwardings", "compression", "compressionlevel",
            "connectionattempts", "connecttimeout", "controlmaster", "controlpath", "controlpersist",
            "dsaauthentication", "dynamicforward", "enableescapecommandline", "enablesshkeysign", "escapechar",
            "exitonforwardfailure", "fallbacktorsh", "fingerprinthash", "forkafterauthentication", "forwardagent",
            "forwardx11", "forwardx11timeout", "forwardx11trusted", "gatewayports", "globalknownhostsfile",
            "globalknownhostsfile2", "gssapiauthentication", "gssapidelegatecredentials", "hashknownhosts", "host",
            "hostbasedacceptedalgorithms", "hostbasedauthentication", "hostbasedkeytypes", "hostkeyalgorithms",
            "hostkeyalias", "hostname", "identitiesonly", "identityagent", "identityfile", "identityfile2",
            "ignoreunknown", "include", "ipqos", "kbdinteractiveauthentication", "kbdinteractivedevices", "keepalive",
            "kerberosauthentication", "kerberostgtpassing", "kexalgorithms", "knownhostscommand", "localcommand",
            "localforward", "loglevel", "logverbose", "macs", "match", "nohostauthenticationforlocalhost",
            "numberofpasswordprompts", "passwordauthentication", "permitlocalcommand", "permitremoteopen",
            "pkcs11provider", "port", "preferredauthentications", "protocol", "proxycommand", "proxyjump",
            "proxyusefdpass", "pubkeyacceptedalgorithms", "pubkeyacceptedkeytypes", "pubkeyauthentication", "rekeylimit",
            "remotecommand", "remoteforward", "requesttty", "requiredrsasize", "revokedhostkeys", "rhostsauthentication",
            "rhostsrsaauthentication", "rsaauthentication", "securitykeyprovider", "sendenv", "serveralivecountmax",
            "serveraliveinterval", "sessiontype", "setenv", "skeyauthentication", "smartcarddevice", "stdinnull",
            "streamlocalbindmask", "streamlocalbindunlink", "stricthostkeychecking", "syslogfacility", "tcpkeepalive",
            "tisauthentication", "tunnel", "tunneldevice", "updatehostkeys", "useprivilegedport", "user",
            "userknownhostsfile", "userknownhostsfile2", "useroaming", "usersh", "verifyhostkeydns", "visualhostkey",
            "xauthlocation",
            // Newer OpenSSH releases; a config written for them must not be reported against ours.
            "channeltimeout", "enableescapecommandline", "obscurekeystroketiming", "tag", "refuseconnection", "versionaddendum", "warnweakcrypto",
        };

        public static bool IsKnown(string keyword) => Known.Contains(keyword);
    }
}

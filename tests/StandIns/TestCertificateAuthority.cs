using System;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KubeletCompliance.StandIns
{
    /// <summary>A CA made for one test run, the server certificate it signs for the loopback, and a client certificate.</summary>
    public sealed class TestCertificateAuthority
    {
        public const string ClientCommonName = "auditor";
        public const string ClientGroup = "kubelet-compliance-auditor";

        public TestCertificateAuthority()
            : this("KubeletCompliance test CA")
        {
        }

        /// <summary>A second, unrelated authority, whose certificates the first must not trust.</summary>
        public static TestCertificateAuthority Named(string name) => new TestCertificateAuthority(name);

        private TestCertificateAuthority(string name)
        {
            using RSA caKey = RSA.Create(2048);
            var caRequest = new CertificateRequest("CN=" + name, caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
            Certificate = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddDays(2));

            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddIpAddress(IPAddress.IPv6Loopback);
            names.AddDnsName("localhost");
            ServerCertificate = Issue("CN=localhost", names.Build(), "1.3.6.1.5.5.7.3.1");
            ClientCertificate = Issue("CN=" + ClientCommonName + ", O=" + ClientGroup, null, "1.3.6.1.5.5.7.3.2");
        }

        public X509Certificate2 Certificate { get; }
        public X509Certificate2 ServerCertificate { get; }
        public X509Certificate2 ClientCertificate { get; }

        public string CertificatePem => Certificate.ExportCertificatePem();
        public string ClientCertificatePem => ClientCertificate.ExportCertificatePem();
        public string ClientKeyPem => ClientCertificate.GetRSAPrivateKey().ExportRSAPrivateKeyPem();

        public bool Issued(X509Certificate2 certificate)
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(Certificate);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(certificate);
        }

        private X509Certificate2 Issue(string subject, X509Extension alternativeNames, string extendedUsage)
        {
            using RSA key = RSA.Create(2048);
            var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(extendedUsage) }, false));
            if (alternativeNames != null)
                request.CertificateExtensions.Add(alternativeNames);
            byte[] serial = new byte[8];
            RandomNumberGenerator.Fill(serial);
            using X509Certificate2 issued = request.Create(Certificate, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), serial);
            using X509Certificate2 withKey = issued.CopyWithPrivateKey(key);
            // A PKCS#12 round trip gives a key that TLS server code can use on every platform, not just an ephemeral handle.
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        }
    }
}

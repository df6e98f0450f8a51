using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace GpuBilling.Messaging;

/// <summary>`RabbitMq:Tls`: TLS to the broker (its AMQPS listener, 5671 by convention).</summary>
public sealed class RabbitMqTls
{
    public bool Enabled { get; set; }

    /// <summary>The name the broker's certificate must carry; `RabbitMq:Host` when not set.</summary>
    public string? ServerName { get; set; }

    /// <summary>
    /// PEM file of the certificate authorities the broker's certificate must chain to, instead of
    /// the machine's trusted roots: brokers usually carry certificates of a private CA.
    /// </summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>PEM client certificate and its key, for a broker that verifies its peers (`ssl_options.verify = verify_peer`).</summary>
    public string? ClientCertificatePath { get; set; }

    public string? ClientKeyPath { get; set; }

    /// <summary>Null when the machine's trusted roots judge the broker's certificate.</summary>
    public RemoteCertificateValidationCallback? CertificateValidation() =>
        string.IsNullOrEmpty(CaCertificatePath) ? null : TrustingOnly(LoadAuthorities(CaCertificatePath));

    public X509Certificate2? ClientCertificate() =>
        string.IsNullOrEmpty(ClientCertificatePath) ? null : X509Certificate2.CreateFromPemFile(ClientCertificatePath, ClientKeyPath);

    /// <summary>
    /// Accepts a certificate that chains to one of <paramref name="authorities"/>. The platform's
    /// other findings stand (a name that does not match, no certificate at all); only its verdict
    /// on the chain, made against the machine's roots, is replaced. Revocation is not checked:
    /// private CAs seldom publish revocation lists, and a node must not stop reporting because
    /// one is unreachable.
    /// </summary>
    public static RemoteCertificateValidationCallback TrustingOnly(X509Certificate2Collection authorities) =>
        (_, certificate, sent, errors) =>
        {
            if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None) return false;
            using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            // Intermediate certificates the broker sent with its own.
            if (sent is not null)
                foreach (var element in sent.ChainElements) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            return chain.Build(presented);
        };

    private static X509Certificate2Collection LoadAuthorities(string path)
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(path);
        if (authorities.Count == 0) throw new InvalidOperationException($"RabbitMq:Tls:CaCertificatePath names no PEM certificate: {path}");
        return authorities;
    }
}

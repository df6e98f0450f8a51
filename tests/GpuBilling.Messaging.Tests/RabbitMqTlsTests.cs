using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GpuBilling.Messaging.Tests;

/// <summary>
/// `RabbitMq:Tls:CaCertificatePath`: the broker's certificate is judged against the operator's CA
/// rather than the machine's roots, and every other finding of the platform still stands.
/// </summary>
public class RabbitMqTlsTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public void A_broker_certificate_issued_by_the_configured_ca_is_accepted()
    {
        using var ca = Authority("operator-ca");
        using var broker = Issue(ca, "broker.internal");

        Assert.True(Validate([ca], broker, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void A_broker_certificate_issued_by_another_ca_is_refused()
    {
        using var ca = Authority("operator-ca");
        using var other = Authority("someone-else");
        using var broker = Issue(other, "broker.internal");

        Assert.False(Validate([ca], broker, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void A_certificate_for_another_name_is_refused_even_from_the_configured_ca()
    {
        using var ca = Authority("operator-ca");
        using var broker = Issue(ca, "elsewhere.internal");

        Assert.False(Validate([ca], broker, SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void No_certificate_at_all_is_refused()
    {
        using var ca = Authority("operator-ca");

        Assert.False(RabbitMqTls.TrustingOnly([ca])(new object(), null, null, SslPolicyErrors.RemoteCertificateNotAvailable));
    }

    [Fact]
    public void The_ca_file_is_read_as_pem()
    {
        using var ca = Authority("operator-ca");
        using var broker = Issue(ca, "broker.internal");
        var file = Path.GetTempFileName();
        File.WriteAllText(file, ca.ExportCertificatePem());
        try
        {
            var validation = new RabbitMqTls { Enabled = true, CaCertificatePath = file }.CertificateValidation()!;
            Assert.True(validation(new object(), broker, null, SslPolicyErrors.RemoteCertificateChainErrors));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static bool Validate(X509Certificate2[] authorities, X509Certificate2 presented, SslPolicyErrors platform) =>
        RabbitMqTls.TrustingOnly([.. authorities])(new object(), presented, null, platform);

    private static X509Certificate2 Authority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request.CreateSelfSigned(Now.AddDays(-1), Now.AddDays(30));
    }

    private static X509Certificate2 Issue(X509Certificate2 authority, string dnsName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        request.CertificateExtensions.Add(names.Build());
        return request.Create(authority, Now.AddDays(-1), Now.AddDays(10), Guid.NewGuid().ToByteArray()[..8]);
    }
}

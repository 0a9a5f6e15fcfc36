using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Elsa.Kundportal.Testing.BankId;

/// <summary>
/// Certificates made in the test: a CA, and server or client certificates it issues, with their keys. Nothing is read
/// from or written to the machine's certificate stores.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly ECDsa _key;

    private TestCertificates(X509Certificate2 ca, ECDsa key)
    {
        Ca = ca;
        _key = key;
    }

    /// <summary>The CA's certificate (with its key).</summary>
    public X509Certificate2 Ca { get; }

    /// <summary>A new CA valid from yesterday for a year.</summary>
    public static TestCertificates CreateCa(string name)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}, O=Elsa.Kundportal tests", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());
        return new TestCertificates(request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1)), key);
    }

    /// <summary>A TLS server certificate for localhost and 127.0.0.1, issued by this CA.</summary>
    public X509Certificate2 IssueServer() => Issue("CN=localhost", "1.3.6.1.5.5.7.3.1", san =>
    {
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
    });

    /// <summary>A TLS client certificate (the relying party's), issued by this CA.</summary>
    public X509Certificate2 IssueClient(string name) => Issue($"CN={name}, O=Elsa.Kundportal tests", "1.3.6.1.5.5.7.3.2", null);

    /// <summary>True when <paramref name="certificate"/> chains to this CA alone.</summary>
    public bool Issued(X509Certificate2? certificate)
    {
        if (certificate is null)
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    /// <summary>The CA certificate as PEM text (what an operator would configure as the pinned CA).</summary>
    public string CaPem() => Ca.ExportCertificatePem();

    public void Dispose()
    {
        Ca.Dispose();
        _key.Dispose();
    }

    private X509Certificate2 Issue(string subject, string usage, Action<SubjectAlternativeNameBuilder>? names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        if (names is not null)
        {
            var san = new SubjectAlternativeNameBuilder();
            names(san);
            request.CertificateExtensions.Add(san.Build());
        }
        var now = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());
        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(Ca.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), now.AddDays(-1), now.AddMonths(6), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        // Round-trip through PKCS#12 so the key is usable by TLS on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}

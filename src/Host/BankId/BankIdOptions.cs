using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Elsa.Kundportal.Host.BankId;

/// <summary>
/// The connection to BankID's Relying Party API (configuration section <c>Kundportal:BankId</c>). Setting
/// <see cref="BaseAddress"/> turns real BankID on, in every mode. The host then talks to
/// <c>{BaseAddress}/rp/v6.0/…</c> over TLS, presenting the relying party certificate and trusting only a server
/// certificate issued by <see cref="CaCertificatePath"/>.
/// </summary>
internal sealed class BankIdOptions
{
    public const string Section = "Kundportal:BankId";

    /// <summary>BankID's address without the API path: <c>https://appapi2.test.bankid.com</c> (test) or <c>https://appapi2.bankid.com</c> (production).</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The relying party certificate with its private key, a PKCS#12 file (.p12/.pfx).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PKCS#12 file's password. Should come from a secret store, not a checked-in file.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The certificate (PEM or DER) of the CA that issued BankID's server certificate; no other issuer is trusted.</summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>How long to wait for BankID's answer. Default 10 s, at most 1 minute.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Binds the section and checks it; settings that cannot work stop the host at start with a message saying what to fix.</summary>
    public static (BankIdOptions Options, BankIdCertificates Certificates) Resolve(IConfiguration section)
    {
        var options = new BankIdOptions();
        section.Bind(options);
        var errors = new List<string>();
        if (options.BaseAddress is not { IsAbsoluteUri: true } address || address.Scheme != Uri.UriSchemeHttps)
            errors.Add($"{Section}:BaseAddress must be an absolute https address such as https://appapi2.test.bankid.com, not '{options.BaseAddress}'.");
        else if (address.AbsolutePath.Contains("/rp/", StringComparison.OrdinalIgnoreCase))
            errors.Add($"{Section}:BaseAddress is BankID's address without the API path (https://appapi2.bankid.com, not {address}): the host adds /rp/v6.0/.");
        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(1))
            errors.Add($"{Section}:Timeout must be more than zero and at most one minute, not {options.Timeout}.");
        var client = LoadClientCertificate(options, errors);
        var ca = LoadCaCertificate(options, errors);
        if (errors.Count > 0)
        {
            client?.Dispose();
            ca?.Dispose();
            throw new InvalidOperationException($"The BankID settings ({Section}) are not valid: {string.Join(" ", errors)}");
        }
        return (options, new BankIdCertificates(client!, ca!));
    }

    private static X509Certificate2? LoadClientCertificate(BankIdOptions options, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            errors.Add($"{Section}:CertificatePath must name the relying party certificate, a PKCS#12 file (.p12) with its private key.");
            return null;
        }
        if (!File.Exists(options.CertificatePath))
        {
            errors.Add($"{Section}:CertificatePath: no file at '{options.CertificatePath}'.");
            return null;
        }
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath, options.CertificatePassword);
            if (certificate.HasPrivateKey)
                return certificate;
            certificate.Dispose();
            errors.Add($"{Section}:CertificatePath: '{options.CertificatePath}' holds no private key; BankID needs the relying party certificate with its key.");
        }
        catch (CryptographicException e)
        {
            errors.Add($"{Section}:CertificatePath: '{options.CertificatePath}' could not be opened as PKCS#12 with {Section}:CertificatePassword ({e.Message.TrimEnd('.')}).");
        }
        return null;
    }

    private static X509Certificate2? LoadCaCertificate(BankIdOptions options, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(options.CaCertificatePath))
        {
            errors.Add($"{Section}:CaCertificatePath must name the certificate of the CA that issued BankID's server certificate (PEM or DER).");
            return null;
        }
        if (!File.Exists(options.CaCertificatePath))
        {
            errors.Add($"{Section}:CaCertificatePath: no file at '{options.CaCertificatePath}'.");
            return null;
        }
        try
        {
            var text = File.ReadAllText(options.CaCertificatePath);
            return text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(text)
                : X509CertificateLoader.LoadCertificateFromFile(options.CaCertificatePath);
        }
        catch (CryptographicException e)
        {
            errors.Add($"{Section}:CaCertificatePath: '{options.CaCertificatePath}' is not a certificate in PEM or DER ({e.Message.TrimEnd('.')}).");
            return null;
        }
    }
}

/// <summary>The relying party's certificate (presented to BankID) and the CA pinned for BankID's server certificate.</summary>
internal sealed record BankIdCertificates(X509Certificate2 Client, X509Certificate2 ServerIssuer);

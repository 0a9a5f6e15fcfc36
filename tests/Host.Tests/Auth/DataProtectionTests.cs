using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Elsa.Kundportal.Host.Auth;
using Elsa.Kundportal.Host.Tests.Support;
using Elsa.Kundportal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Host.Tests.Auth;

/// <summary>The key ring that protects cookies and form tokens: in the database, encrypted with the configured certificate.</summary>
public sealed class DataProtectionTests
{
    [Fact]
    public async Task KeyRing_IsStoredInTheDatabase_EncryptedWithTheConfiguredCertificate()
    {
        var folder = Directory.CreateTempSubdirectory("kundportal-keys-").FullName;
        try
        {
            var certificatePath = Path.Combine(folder, "dataprotection.pfx");
            using (var rsa = RSA.Create(2048))
            {
                var request = new CertificateRequest("CN=Kundportal data protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                using var certificate = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddYears(1));
                await File.WriteAllBytesAsync(certificatePath, certificate.Export(X509ContentType.Pkcs12, "nyckel-losen"));
            }
            using var mail = Mailbox.Start();
            await using var host = KundportalHost.StartProduction(await PostgresCluster.Shared.CreateDatabaseAsync("keyring"), mail.Port, new Dictionary<string, string?>
            {
                ["Kundportal:DataProtection:CertificatePath"] = certificatePath,
                ["Kundportal:DataProtection:CertificatePassword"] = "nyckel-losen",
            });

            // A page with a form needs a key.
            using var browser = new PortalClient(host.BaseAddress);
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/login")).Response.StatusCode);

            await using var scope = host.Services.CreateAsyncScope();
            var keys = await scope.ServiceProvider.GetRequiredService<PortalIdentityDbContext>().DataProtectionKeys.AsNoTracking().ToListAsync();
            var key = Assert.Single(keys);
            Assert.Contains("encryptedSecret", key.Xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", key.Xml, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

using Elsa.Kundportal.Host.Agreements;
using Elsa.Kundportal.Host.Api;
using Elsa.Kundportal.Host.Api.Kundportal;
using Elsa.Kundportal.Host.Auth;
using Elsa.Kundportal.Host.BankId;
using Elsa.Kundportal.Host.Designer;
using Elsa.Kundportal.Host.Dev;
using Elsa.Kundportal.Host.HttpWorkflows;
using Elsa.Kundportal.Host.Infrastructure;
using Elsa.Kundportal.Host.Infrastructure.Authentication;
using Elsa.Kundportal.Host.Infrastructure.Observability;
using Elsa.Kundportal.Host.Infrastructure.Security;
using Elsa.Kundportal.Host.Operations;
using Elsa.Kundportal.Host.Pages;
using Elsa.Kundportal.Host.Portal;
using Elsa.Kundportal.Host.Studio;
using Elsa.Kundportal.Host.Tasks;

var builder = WebApplication.CreateBuilder(args);

var settings = builder.AddKundportalSettings();
builder.Services.AddKundportalWorkflows(settings);
builder.Services.AddKundportalMail(settings, builder.Configuration);
builder.Services.AddKundportalHangfire(settings);
builder.Services.AddKundportalHttpSecurity(settings);
builder.Services.AddKundportalAuthentication(settings);
builder.Services.AddPortalAccounts(settings, builder.Configuration);
builder.Services.AddKundportalBankId(settings, builder.Configuration);
builder.Services.AddKundportalProblemDetails();
builder.Services.AddKundportalOpenApi();
builder.Services.AddKundportalOperations(builder.Configuration);
builder.Services.AddKundportalObservability(builder.Configuration);
builder.Services.AddHttpWorkflows(builder.Configuration);
builder.Services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
builder.Services.AddSignedAgreements();
builder.Services.AddPortalPages();
builder.Services.AddRazorComponents();
builder.Services.AddHttpContextAccessor();

var app = builder.Build();

app.UseKundportalHttpSecurity();
app.UseKundportalErrorHandling();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();

app.MapStartPage();
app.MapElsaApi();
app.MapApiDocs();
app.MapKundportalHangfireDashboard();
app.MapKundportalOperations();
app.MapKundportalObservability();
app.MapDevTools();
app.MapPortalAccounts();
app.MapTaskPages();
app.MapSignedAgreements();
app.MapBankId();
app.MapKundportalApi();
app.MapHttpWorkflows();
app.MapDesigner();
app.MapStudio();
app.MapRazorComponents<Elsa.Kundportal.Host.Components.App>();

await app.InitialiseKundportalAsync();
await app.InitialisePortalAccountsAsync();
await app.RunAsync();

using Elsa.Kundportal.Host.Components.Account;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Elsa.Kundportal.Host.Auth;

/// <summary>
/// The page a password link opens, <c>/account/password/set?user=…&amp;token=…</c>. Every request first checks the link
/// (missing or undecodable parts 400; expired, used or someone else's token 410, with a way to ask for a new link),
/// then antiforgery, and only then reads the form. Identity's password rules apply, with errors next to the fields
/// (422). Success signs the person in and goes to the carried local return address. The token is in the address, so
/// responses carry no referrer and are not cached.
/// </summary>
internal static class SetPasswordEndpoints
{
    public static WebApplication MapSetPassword(this WebApplication app)
    {
        var page = app.MapGroup(PasswordLinks.SetPasswordPath).ExcludeFromDescription().RequireRateLimiting(PortalRateLimits.Login).DisableAntiforgery();
        page.MapGet("", OpenAsync);
        page.MapPost("", SetAsync);
        return app;
    }

    private static async Task<IResult> OpenAsync(
        HttpContext http, PasswordLinks links, IAntiforgery antiforgery, IOptions<IdentityOptions> identity,
        [FromQuery] string? user, [FromQuery] string? token, [FromQuery(Name = "ReturnUrl")] string? returnUrl)
    {
        NoReferrerNoCache(http);
        var (check, account, _) = await links.CheckAsync(user, token);
        if (check != PasswordLinkCheck.Valid)
            return Refusal(check, returnUrl);
        return Form(http, antiforgery, identity.Value, account!, new Dictionary<string, string>(), StatusCodes.Status200OK);
    }

    private static async Task<IResult> SetAsync(
        HttpContext http, PasswordLinks links, PortalSignIn signIn, IAntiforgery antiforgery, IOptions<IdentityOptions> identity,
        [FromQuery] string? user, [FromQuery] string? token, [FromQuery(Name = "ReturnUrl")] string? returnUrl)
    {
        NoReferrerNoCache(http);
        var (check, account, identityToken) = await links.CheckAsync(user, token);
        if (check != PasswordLinkCheck.Valid)
            return Refusal(check, returnUrl);
        if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http))
        {
            return Message(StatusCodes.Status400BadRequest, "Formuläret har gått ut", ["Ladda om sidan och försök igen."],
                [(http.Request.Path + http.Request.QueryString, "Försök igen")]);
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var password = form["password"].ToString();
        var confirm = form["confirm"].ToString();
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (password.Length == 0)
            errors["password"] = "Ange ett lösenord.";
        else if (await links.PasswordErrorsAsync(account!, password) is { Count: > 0 } broken)
            errors["password"] = string.Join(" ", broken);
        if (confirm.Length == 0)
            errors["confirm"] = "Upprepa lösenordet.";
        else if (!string.Equals(password, confirm, StringComparison.Ordinal))
            errors["confirm"] = "Lösenorden är inte likadana. Skriv samma lösenord i båda fälten.";
        if (errors.Count > 0)
            return Form(http, antiforgery, identity.Value, account!, errors, StatusCodes.Status422UnprocessableEntity);

        var result = await links.SetPasswordAsync(account!, identityToken!, password);
        if (PasswordLinks.LinkStoppedWorking(result))
            return Refusal(PasswordLinkCheck.Refused, returnUrl);
        if (!result.Succeeded)
        {
            errors["password"] = string.Join(" ", result.Errors.Select(e => e.Description));
            return Form(http, antiforgery, identity.Value, account!, errors, StatusCodes.Status422UnprocessableEntity);
        }
        await signIn.SignInAsync(http, account!.UserName!, "Lösenord");
        return TypedResults.LocalRedirect(LocalUrl.OrStart(returnUrl));
    }

    private static void NoReferrerNoCache(HttpContext http)
    {
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        http.Response.Headers.CacheControl = "no-cache, no-store";
    }

    private static RazorComponentResult<SetPasswordDocument> Form(
        HttpContext http, IAntiforgery antiforgery, IdentityOptions identity, IdentityUser account, IReadOnlyDictionary<string, string> errors, int status) =>
        new(new Dictionary<string, object?>
        {
            [nameof(SetPasswordDocument.View)] = new SetPasswordView
            {
                Title = "Välj lösenord",
                Email = account.Email ?? account.UserName,
                FormAction = http.Request.Path + http.Request.QueryString,
                Antiforgery = antiforgery.GetAndStoreTokens(http),
                Rules = Rules(identity.Password),
                Errors = errors,
            },
        }) { StatusCode = status };

    private static RazorComponentResult<SetPasswordDocument> Refusal(PasswordLinkCheck check, string? returnUrl)
    {
        var again = LocalUrl.OrStart(returnUrl) is var local && local != "/"
            ? $"/account/password?ReturnUrl={Uri.EscapeDataString(local)}"
            : "/account/password";
        return check == PasswordLinkCheck.Malformed
            ? Message(StatusCodes.Status400BadRequest, "Länken är ofullständig",
                ["Länken för att välja lösenord är inte hel. Kontrollera att du har kopierat hela länken från mejlet, eller be om en ny länk."],
                [(again, "Skicka en ny länk"), ("/login", "Till inloggningen")])
            : Message(StatusCodes.Status410Gone, "Länken gäller inte längre",
                ["Länken för att välja lösenord har gått ut eller har redan använts. Varje länk fungerar en gång och under en begränsad tid.",
                 "Be om en ny länk, så skickar vi ett nytt mejl."],
                [(again, "Skicka en ny länk"), ("/login", "Till inloggningen")]);
    }

    private static RazorComponentResult<SetPasswordDocument> Message(int status, string title, IReadOnlyList<string> paragraphs, IReadOnlyList<(string Href, string Text)> links) =>
        new(new Dictionary<string, object?>
        {
            [nameof(SetPasswordDocument.View)] = new SetPasswordView { Title = title, Paragraphs = paragraphs, Links = links },
        }) { StatusCode = status };

    /// <summary>Identity's password rules as one sentence, e.g. "Minst 10 tecken, med en stor och en liten bokstav och en siffra."</summary>
    internal static string Rules(PasswordOptions rules)
    {
        var needs = new List<string>();
        if (rules.RequireUppercase && rules.RequireLowercase)
            needs.Add("en stor och en liten bokstav");
        else if (rules.RequireUppercase)
            needs.Add("en stor bokstav");
        else if (rules.RequireLowercase)
            needs.Add("en liten bokstav");
        if (rules.RequireDigit)
            needs.Add("en siffra");
        if (rules.RequireNonAlphanumeric)
            needs.Add("ett tecken som varken är en bokstav eller en siffra");
        var text = $"Minst {rules.RequiredLength} tecken";
        return needs.Count == 0 ? text + "." : $"{text}, med {string.Join(", ", needs.SkipLast(1))}{(needs.Count > 1 ? " och " : "")}{needs[^1]}.";
    }
}

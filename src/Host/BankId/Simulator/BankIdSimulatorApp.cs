using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Host.Components.Tasks;
using Elsa.Kundportal.Host.Tasks;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Elsa.Kundportal.Host.BankId.Simulator;

/// <summary>
/// The simulator's "BankID app", mapped only with the development tools and the simulator: shows what is signed and
/// lets the developer sign (as the required person, or as a personnummer they type for a login) or cancel.
/// </summary>
internal static class BankIdSimulatorApp
{
    private const string Title = "BankID (simulator)";

    public static void MapBankIdSimulator(this WebApplication app)
    {
        var simulator = app.MapGroup("/bankid-simulator").ExcludeFromDescription().RequireRateLimiting(Auth.PortalRateLimits.Otp);
        simulator.MapGet("/{autoStartToken}", OpenAsync);
        simulator.MapPost("/{autoStartToken}", AnswerAsync);
    }

    private static async Task<IResult> OpenAsync(string autoStartToken, HttpContext http, BankIdSimulator simulator, IAntiforgery antiforgery)
    {
        var order = await simulator.OpenAsync(autoStartToken, http.RequestAborted);
        if (order is null)
            return TaskPages.Message(http, StatusCodes.Status404NotFound, Title, "Ingen BankID-order väntar på den här enheten.", null);
        var name = await simulator.NameOfAsync(order.PersonalNumber, http.RequestAborted);
        return App(http, antiforgery, autoStartToken, order, name);
    }

    private static async Task<IResult> AnswerAsync(string autoStartToken, HttpContext http, BankIdSimulator simulator, IAntiforgery antiforgery)
    {
        if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http))
            return TaskPages.Message(http, StatusCodes.Status400BadRequest, Title, "Formuläret har gått ut. Ladda om sidan.", null);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        string? personalNumber = null;
        string? name = null;
        if (form["answer"] == "sign")
        {
            if (!PersonalNumber.TryParse(form["personalNumber"], out var number, out var error))
                return TaskPages.Message(http, StatusCodes.Status422UnprocessableEntity, Title, error, $"/bankid-simulator/{autoStartToken}");
            personalNumber = number.Digits;
            name = await simulator.NameOfAsync(personalNumber, http.RequestAborted) ?? "Test Testsson";
        }
        var answer = await simulator.AnswerAsync(autoStartToken, personalNumber, name, http.RequestAborted);
        if (answer is null)
            return TaskPages.Message(http, StatusCodes.Status404NotFound, Title, "Ingen BankID-order väntar på den här enheten.", null);
        // The answer that stands: a second click on the other button does not change the first.
        return TaskPages.Message(http, StatusCodes.Status200OK, Title,
            answer.Value ? "Du har skrivit under. Gå tillbaka till Kundportalen: sidan fortsätter av sig själv." : "Du avbröt. Gå tillbaka till Kundportalen.", null);
    }

    private static RazorComponentResult<TaskDocument> App(HttpContext http, IAntiforgery antiforgery, string autoStartToken, BankIdSimulatorOrder order, string? name) =>
        new(new Dictionary<string, object?>
        {
            [nameof(TaskDocument.View)] = new TaskView
            {
                Title = Title,
                Lead = "Det här är en simulator av BankID-appen för utveckling. Ingen riktig legitimering sker.",
                Sections = [new TaskSection(order.Kind == "sign" ? "Du skriver under" : "Du legitimerar dig", [("Text", order.UserVisibleData)])],
                Fields =
                [
                    new TaskField("personalNumber", "Personnummer i det simulerade BankID:t", FieldKind.Text)
                    {
                        Value = order.PersonalNumber is null ? null : PersonalNumber.Parse(order.PersonalNumber).ToString(),
                        Hint = name is null ? "ÅÅÅÅMMDD-NNNN" : $"{name}",
                    },
                    new TaskField("answer", "Svar", FieldKind.Radio) { Options = [("sign", "Skriv under"), ("cancel", "Avbryt")], Value = "sign" },
                ],
                FormAction = $"/bankid-simulator/{autoStartToken}",
                Antiforgery = antiforgery.GetAndStoreTokens(http),
                SubmitLabel = "Bekräfta i appen",
            },
        });
}

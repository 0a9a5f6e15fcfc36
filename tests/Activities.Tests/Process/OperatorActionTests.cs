using Elsa.Kundportal.Activities.Tests.Support;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using static Elsa.Kundportal.Activities.Tests.Support.KundportalHarness;

namespace Elsa.Kundportal.Activities.Tests.Process;

/// <summary>Operations acting on a waiting order through the engine.</summary>
public sealed class OperatorActionTests
{
    [Fact]
    public async Task ReissuedLink_IsMailedToTheSamePerson_AndTheOldLinkStopsWorking()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        var id = await kp.StartNewCustomerAsync();
        var oldLink = await kp.LinkAsync(People.IneraOfficer);
        var bookmark = (await kp.BookmarksAsync(id)).Single(b => b.Status == BookmarkStatus.Active && b.Recipient == People.IneraOfficer);
        kp.Clock.Advance(TimeSpan.FromHours(1));

        var reissued = await kp.Runtime.ReissueBookmarkAsync(bookmark.Id, "drift@inera.se", "Mejlet studsade");

        Assert.Equal(InstanceCommandOutcome.Done, reissued.Outcome);
        var mail = Assert.Single(await kp.MailsSinceAsync(kp.Now));
        Assert.Equal(People.IneraOfficer, mail.Recipient);
        Assert.StartsWith("Ny länk: ", mail.Subject, StringComparison.Ordinal);
        Assert.Contains(reissued.Token!.Token, mail.Body, StringComparison.Ordinal);
        var refused = await kp.AnswerTokenAsync(oldLink, People.IneraOfficer, new { decision = "Approved" });
        Assert.Equal(ResumeOutcome.AlreadyHandled, refused.Outcome);
        var accepted = await kp.AnswerTokenAsync(reissued.Token.Token, People.IneraOfficer, new { decision = "Approved" });
        Assert.Equal(ResumeOutcome.Resumed, accepted.Outcome);
    }
}

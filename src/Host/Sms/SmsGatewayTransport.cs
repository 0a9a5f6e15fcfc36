using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Elsa.Kundportal.Host.Tasks;
using Elsa.Kundportal.Workflows.Outbox;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.Extensions.Options;

namespace Elsa.Kundportal.Host.Sms;

/// <summary>
/// Hands the outbox's SMS (channel <c>sms</c>) to the HTTP gateway described by <see cref="SmsGatewayOptions"/>.
/// Anything but a 2xx answer within the timeout throws, so the outbox retries with backoff and, after its last
/// attempt, marks the message Failed for the operations dashboard; a refusal, a number that takes no SMS or a code
/// that has expired is marked Failed at once. Logs name the outbox message and the gateway's
/// status, never the text (it holds the code) or the whole number.
/// </summary>
internal sealed class SmsGatewayTransport(
    IHttpClientFactory clients, IOptions<SmsGatewayOptions> options, TimeProvider clock, ILogger<SmsGatewayTransport> logger) : IMessageTransport
{
    public const string HttpClientName = "sms-gateway";

    /// <summary>Answers that mean the request itself is wrong (settings, credentials, number): another attempt will not help.</summary>
    private static readonly HashSet<HttpStatusCode> Refusals =
        [HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.UnprocessableEntity];

    public string Channel => OutboxChannels.Sms;

    public async Task SendAsync(OutboxMessageRecord message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // Every SMS carries a one-time code; once the code has expired, delivering it late would only confuse.
        if (clock.GetUtcNow() - message.CreatedAt >= OneTimeCodes.Lifetime)
        {
            logger.LogWarning("SMS {MessageId} not sent: its one-time code expired before it could be delivered", message.Id);
            throw new UndeliverableSmsException($"Not sent: the one-time code in it expired ({OneTimeCodes.Lifetime.TotalMinutes:0} minutes) before the gateway took it.");
        }
        var to = MobileNumber.ToE164(message.Recipient);
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Endpoint)
        {
            Content = new FormUrlEncodedContent([new("from", settings.Sender), new("to", to), new("message", message.Body)]),
        };
        request.Headers.Add("Idempotency-Key", message.Id.ToString());
        if (!string.IsNullOrEmpty(settings.Username))
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.Username}:{settings.Password}")));

        // The timeout runs on the host's clock, like every other wait in the product.
        using var timeout = new CancellationTokenSource(settings.Timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, linked.Token);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                logger.LogInformation("SMS {MessageId} accepted by the gateway: {Status}", message.Id, status);
                return;
            }
            var detail = await DetailAsync(response, linked.Token);
            logger.LogWarning("SMS {MessageId} refused by the gateway: {Status}", message.Id, status);
            if (Refusals.Contains(response.StatusCode))
            {
                throw new UndeliverableSmsException(
                    $"The SMS gateway refused the message with {status} {response.ReasonPhrase}{detail}. Another attempt will not help: " +
                    $"check {SmsGatewayOptions.Section} (address, Username, Password, Sender) and the recipient's number.");
            }
            throw new SmsDeliveryException($"The SMS gateway answered {status} {response.ReasonPhrase}{detail}.");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Not an OperationCanceledException: that would read as the host shutting down rather than a failed attempt.
            logger.LogWarning("SMS {MessageId}: the gateway did not answer within {Timeout}", message.Id, settings.Timeout);
            throw new TimeoutException($"The SMS gateway did not answer within {settings.Timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning("SMS {MessageId}: the gateway could not be reached ({Error})", message.Id, e.HttpRequestError);
            throw new SmsDeliveryException($"The SMS gateway could not be reached: {e.Message}", e);
        }
    }

    /// <summary>The start of the gateway's error text (46elks answers e.g. "Invalid to number"), with every digit masked in case it repeats the number or the code.</summary>
    private static async Task<string> DetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[240];
        var read = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        var firstLine = Encoding.UTF8.GetString(buffer, 0, read).Split('\n', 2)[0].Trim();
        if (firstLine.Length == 0)
            return "";
        var masked = new string([.. firstLine.Take(120).Select(c => char.IsDigit(c) ? '#' : c)]);
        return $" (\"{masked}\")";
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Webhooks.Signing;

namespace Webhooks.Deliveries;

/// <summary>
/// Sends one attempt of a delivery, signed, through the guarded client, and tells what came of it.
/// It never throws for what the endpoint or the network did: every failure is an attempt to log.
/// </summary>
public sealed class WebhookSender(HttpClient http, TimeProvider clock)
{
    public async Task<AttemptOutcome> SendAsync(WebhookDelivery delivery, Uri url, IReadOnlyList<string> secrets, CancellationToken cancellationToken)
    {
        var at = clock.GetUtcNow();
        var timestamp = at.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", delivery.Id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", StandardWebhookSignature.Sign(secrets, delivery.Id, timestamp, delivery.Payload));

        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var excerpt = await ExcerptAsync(response.Content, cancellationToken);
            return new AttemptOutcome(
                new DeliveryAttempt(at, (int)response.StatusCode, watch.ElapsedMilliseconds, excerpt, null),
                RetryAfterOf(response.Headers.RetryAfter, clock.GetUtcNow()));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return new AttemptOutcome(new DeliveryAttempt(at, null, watch.ElapsedMilliseconds, null, ErrorOf(e)), null);
        }
    }

    /// <summary>Seconds or an HTTP date; a date in the past asks for nothing.</summary>
    public static TimeSpan? RetryAfterOf(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } when date > now => date - now,
        _ => null,
    };

    private static async Task<string?> ExcerptAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var body = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[WebhookDelivery.ExcerptBytes];
        var read = 0;
        while (read < buffer.Length && await body.ReadAsync(buffer.AsMemory(read), cancellationToken) is var n and > 0) read += n;
        return read == 0 ? null : Encoding.UTF8.GetString(buffer, 0, read);
    }

    private static string ErrorOf(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is Network.AddressRefusedException refused) return $"Refused: {refused.Message}";
        return exception is TaskCanceledException ? "Timed out waiting for the endpoint." : exception.GetBaseException().Message;
    }
}

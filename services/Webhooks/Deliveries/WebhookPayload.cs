using System.Text.Json;
using System.Text.Json.Nodes;
using Metering.Contracts;

namespace Webhooks.Deliveries;

/// <summary>The body partners receive, in the Standard Webhooks shape <c>{type, timestamp, data}</c>, <c>data</c> as the event's owner wrote it.</summary>
public static class WebhookPayload
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Of(PartnerEvent partnerEvent) => new JsonObject
    {
        ["type"] = partnerEvent.Type,
        ["timestamp"] = partnerEvent.OccurredAt,
        ["data"] = JsonNode.Parse(partnerEvent.Data),
    }.ToJsonString(Json);
}

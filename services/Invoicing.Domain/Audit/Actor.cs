namespace Invoicing.Audit;

public enum ActorKind { Operator, Service, Agent, Tenant }

/// <summary>
/// Who caused an event: a person acting as operator, a service acting on its own schedule
/// (the period closer), an agent on a node, or a tenant for itself. Auditors ask "who did this" of every event, so
/// the answer is data on the event, not a log line beside it.
/// </summary>
public sealed record Actor(ActorKind Kind, string Id)
{
    public static Actor Operator(string id) => new(ActorKind.Operator, id);

    public static Actor Service(string id) => new(ActorKind.Service, id);

    public static Actor Agent(string id) => new(ActorKind.Agent, id);

    /// <summary>A tenant acting on its own behalf (setting its standing's thresholds).</summary>
    public static Actor Tenant(string id) => new(ActorKind.Tenant, id);

    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()}:{Id}";
}

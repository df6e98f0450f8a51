namespace Invoicing.Audit;

public enum ActorKind { Operator, Service, Agent }

/// <summary>
/// Who caused an event: a person acting as operator, a service acting on its own schedule
/// (the period closer), or an agent on a node. Auditors ask "who did this" of every event, so
/// the answer is data on the event, not a log line beside it.
/// </summary>
public sealed record Actor(ActorKind Kind, string Id)
{
    public static Actor Operator(string id) => new(ActorKind.Operator, id);

    public static Actor Service(string id) => new(ActorKind.Service, id);

    public static Actor Agent(string id) => new(ActorKind.Agent, id);

    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()}:{Id}";
}

using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;

namespace GpuBilling.Messaging;

/// <summary>
/// Publishes messages made from stored events. Appending an event and then publishing would be a
/// dual write (a crash between the two loses the message); a Marten subscription publishes first
/// and stores its progress after, so a crash can only publish a page again, never skip one. Every
/// message a subclass makes must therefore let its consumers recognise a repeat (an event id, a
/// stream version).
/// </summary>
public abstract class PublishingSubscription<TMessage>(IBus bus) : SubscriptionBase where TMessage : class
{
    /// <summary>The messages a page of events stands for, in order.</summary>
    protected abstract Task<IReadOnlyList<TMessage>> MessagesOfAsync(
        IReadOnlyList<IEvent> events, IQuerySession operations, CancellationToken cancellationToken);

    public sealed override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var messages = await MessagesOfAsync(page.Events, operations, cancellationToken);
        // By each message's own type, which is what MassTransit routes by: a subclass may publish several kinds.
        await Task.WhenAll(messages.Select(m => bus.Publish(m, m.GetType(), cancellationToken)));
        return NullChangeListener.Instance;
    }
}

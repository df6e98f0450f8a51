using GpuBilling.Messaging;
using JasperFx.Events;
using Marten;
using MassTransit;
using Metering.Contracts;
using Npgsql;

namespace Invoicing.BillingAccounts;

/// <summary>
/// Tells pricing each account's terms as <see cref="BillingTermsSet"/> whenever an account is
/// opened or changed; a repeat carries the same stream version, which lets pricing ignore it.
/// </summary>
public sealed class BillingTermsPublisher : PublishingSubscription<BillingTermsSet>
{
    public BillingTermsPublisher(IBus bus) : base(bus)
    {
        Name = "billing-terms-publisher";
        IncludeType<BillingAccountOpened>();
        IncludeType<BillingAccountChanged>();
    }

    protected override Task<IReadOnlyList<BillingTermsSet>> MessagesOfAsync(
        IReadOnlyList<IEvent> events, IQuerySession operations, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<BillingTermsSet>>(
            [.. events.Where(e => e.Data is BillingAccountEvent).Select(e => BillingTerms.Of(e.Version, (BillingAccountEvent)e.Data))]);
}

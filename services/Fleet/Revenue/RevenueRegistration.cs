using MassTransit;

namespace Fleet.Revenue;

public static class RevenueRegistration
{
    /// <summary>Pricing's ratings and invoicing's partner events, each into a fleet queue of its own.</summary>
    public static void AddRevenueConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<PeriodRatedConsumer, PeriodRatedConsumerDefinition>();
        bus.AddConsumer<InvoicePartnerEventConsumer, InvoicePartnerEventConsumerDefinition>();
    }
}

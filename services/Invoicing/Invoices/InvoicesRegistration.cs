using System.Text.Json.Serialization;
using Invoicing.Invoices.Crediting;
using Marten;

namespace Invoicing.Invoices;

public static class InvoicesRegistration
{
    /// <summary>What happens to an invoice leaves as partner events from its stream; credit notes are kept beside their events.</summary>
    public static IHostApplicationBuilder AddInvoices(
        this IHostApplicationBuilder builder, MartenServiceCollectionExtensions.MartenConfigurationExpression store)
    {
        store.AddSubscriptionWithServices<PartnerEventsPublisher>(ServiceLifetime.Singleton);
        builder.Services.AddHostedService<MissingCreditNotes>();
        builder.Services.AddSingleton<InvoicingMetrics>();
        // An invoice's status reads as a word ("Draft"), not a number.
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        return builder;
    }
}

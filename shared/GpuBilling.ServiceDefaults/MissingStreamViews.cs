using JasperFx;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GpuBilling.ServiceDefaults;

/// <summary>
/// Gives every stream whose key holds no '@' (an account, a rate card: the streams that are not
/// per period) the <typeparamref name="TView"/> its inline projection keeps, where it has none. An
/// inline projection writes a view only when its stream is appended to, so the streams written
/// before the projection was added would otherwise stay out of every list. The view is folded by
/// the same projection (live aggregation) and inserted, never stored over: one written meanwhile by
/// an append is newer and stays. Safe in any number of instances at once.
/// </summary>
public sealed class MissingStreamViews<TView>(IDocumentStore store, Func<TView, string> idOf, ILogger<MissingStreamViews<TView>> logger)
    : IHostedService where TView : class
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> missing;
        await using (var query = store.QuerySession())
        {
            var keys = await query.QueryAsync<string>(
                $"select id from {store.Options.Events.DatabaseSchemaName}.mt_streams where id not like '%@%'", cancellationToken);
            var present = (await query.LoadManyAsync<TView>(cancellationToken, keys)).Select(idOf).ToHashSet();
            missing = [.. keys.Where(key => !present.Contains(key))];
        }

        var added = 0;
        foreach (var key in missing)
        {
            await using var session = store.LightweightSession();
            if (await session.Events.AggregateStreamAsync<TView>(key, token: cancellationToken) is not { } view) continue;
            session.Insert(view);
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                added++;
            }
            catch (DocumentAlreadyExistsException)
            {
                // Appended to (or filled by another instance) meanwhile: that view is at least as new.
            }
        }
        if (added > 0) logger.LogInformation("Added the missing {View} of {Count} streams written before it was kept", typeof(TView).Name, added);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class MissingStreamViewsRegistration
{
    /// <summary>Fills in the <typeparamref name="TView"/> of older streams at start (<see cref="MissingStreamViews{TView}"/>).</summary>
    public static IServiceCollection AddMissingStreamViews<TView>(this IServiceCollection services, Func<TView, string> idOf) where TView : class =>
        services.AddHostedService(provider => new MissingStreamViews<TView>(
            provider.GetRequiredService<IDocumentStore>(), idOf, provider.GetRequiredService<ILogger<MissingStreamViews<TView>>>()));
}

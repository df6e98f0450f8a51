using JasperFx;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GpuBilling.ServiceDefaults;

/// <summary>
/// Gives every stream of a kind the <typeparamref name="TView"/> its inline projection keeps, where
/// it has none: the streams whose first event is one of <c>startedBy</c>, or where none are named,
/// those whose key holds no '@' (an account, a rate card: the streams that are not per period). An
/// inline projection writes a view only when its stream is appended to, so the streams written
/// before the projection was added would otherwise stay out of every list. The view is folded by
/// the same projection (live aggregation) and inserted, never stored over: one written meanwhile by
/// an append is newer and stays. Safe in any number of instances at once.
/// </summary>
public sealed class MissingStreamViews<TView>(
    IDocumentStore store, Func<TView, string> idOf, ILogger<MissingStreamViews<TView>> logger, IReadOnlyCollection<Type>? startedBy = null)
    : IHostedService where TView : class
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> missing;
        await using (var query = store.QuerySession())
        {
            var schema = store.Options.Events.DatabaseSchemaName;
            if (startedBy is null or { Count: 0 })
            {
                var keys = await query.QueryAsync<string>($"select id from {schema}.mt_streams where id not like '%@%'", cancellationToken);
                var present = (await query.LoadManyAsync<TView>(cancellationToken, keys)).Select(idOf).ToHashSet();
                missing = [.. keys.Where(key => !present.Contains(key))];
            }
            else
            {
                // A stream's first event says its kind whatever its key looks like; the (stream, version) index finds it.
                var firsts = store.Options.Events.AllKnownEventTypes().Where(e => startedBy.Contains(e.EventType)).Select(e => e.EventTypeName).ToArray();
                var views = store.Options.FindOrResolveDocumentType(typeof(TView)).TableName.QualifiedName;
                missing = await query.QueryAsync<string>(
                    $"select e.stream_id from {schema}.mt_events e where e.version = 1 and e.type = any(?) and not exists (select from {views} v where v.id = e.stream_id)",
                    cancellationToken, [firsts]);
            }
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
    /// <summary>
    /// Fills in the <typeparamref name="TView"/> of older streams at start (<see cref="MissingStreamViews{TView}"/>):
    /// those that start with one of <paramref name="startedBy"/>, or with none named, those whose key holds no '@'.
    /// </summary>
    public static IServiceCollection AddMissingStreamViews<TView>(this IServiceCollection services, Func<TView, string> idOf, params Type[] startedBy)
        where TView : class =>
        services.AddHostedService(provider => new MissingStreamViews<TView>(
            provider.GetRequiredService<IDocumentStore>(), idOf, provider.GetRequiredService<ILogger<MissingStreamViews<TView>>>(), startedBy));
}

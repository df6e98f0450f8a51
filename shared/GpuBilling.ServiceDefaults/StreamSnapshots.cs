using JasperFx.Events;

namespace GpuBilling.ServiceDefaults;

/// <summary>
/// The one write path every service takes: fetch the stream for writing (Marten's
/// <c>FetchForWriting</c> over an inline snapshot), decide against <see cref="StateOf{T}"/>,
/// append to the handle, save. The handle carries the version it was read at, so the save fails
/// if anyone appended meanwhile.
/// </summary>
public static class StreamSnapshots
{
    /// <summary>
    /// The snapshot to decide against; null only for a stream with no events. Marten reads the
    /// stream's version and its snapshot separately, so a stream written before its snapshot was
    /// kept comes back with events and no state: deciding against that would treat a used stream
    /// as new (a second opening, version 1 of a card again). The write fails instead, until the
    /// snapshot is filled in (<see cref="MissingStreamViews{TView}"/> does at start).
    /// </summary>
    /// <exception cref="MissingSnapshotException">The stream has events but no snapshot.</exception>
    public static T? StateOf<T>(this IEventStream<T> stream) where T : class =>
        stream.Aggregate is null && stream.StartingVersion is > 0
            ? throw new MissingSnapshotException(typeof(T), stream.Key ?? stream.Id.ToString(), stream.StartingVersion.Value)
            : stream.Aggregate;
}

/// <summary>A stream with events has no stored snapshot of the state it is decided against.</summary>
public sealed class MissingSnapshotException(Type snapshot, string streamKey, long version)
    : InvalidOperationException($"Stream '{streamKey}' is at version {version} but has no {snapshot.Name}; it must be filled in before the stream is written.");

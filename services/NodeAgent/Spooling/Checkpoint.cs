using System.Text.Json;

namespace NodeAgent.Spooling;

/// <summary>A node's next sequence and the highest one up to which the broker has confirmed every second.</summary>
internal sealed record NodeCheckpoint(long NextSequence, long ConfirmedThrough);

/// <summary>
/// What the broker has confirmed, per node, written aside and renamed into place. Written every
/// few seconds while running, so after a crash it may be behind: seconds confirmed since are sent
/// again, which metering absorbs. At a clean stop it is flushed, because it then holds the only
/// copy of each node's next sequence.
/// </summary>
internal static class Checkpoint
{
    public const string FileName = "checkpoint";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Dictionary<string, NodeCheckpoint> Read(string folder, ILogger logger)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return new(StringComparer.Ordinal);
        try
        {
            var nodes = JsonSerializer.Deserialize<Dictionary<string, NodeCheckpoint>>(File.ReadAllBytes(path), Json)
                ?? throw new JsonException("The checkpoint holds null.");
            return new(nodes, StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            // The segments still hold every pending second and each node's next sequence: without the
            // checkpoint, seconds already confirmed in them are only sent again.
            logger.LogError(e, "The spool's checkpoint {Path} is unreadable; kept as {Path}.corrupt", path, path);
            File.Move(path, path + ".corrupt", overwrite: true);
            return new(StringComparer.Ordinal);
        }
    }

    public static void Write(string folder, IEnumerable<KeyValuePair<string, NodeCheckpoint>> nodes, bool fsync)
    {
        var path = Path.Combine(folder, FileName);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, new Dictionary<string, NodeCheckpoint>(nodes, StringComparer.Ordinal), Json);
            stream.Flush(flushToDisk: fsync);
        }
        File.Move(temporary, path, overwrite: true);
    }
}

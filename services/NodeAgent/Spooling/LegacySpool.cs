using System.Text.Json;
using Metering.Contracts;

namespace NodeAgent.Spooling;

/// <summary>
/// The spool of agents before the log: a folder per node, a JSON file per second and the node's
/// `next-sequence`. An agent upgraded in place moves what is still there into the log once, with
/// the same sequences, flushes it, and only then deletes the files; a crash in between sends some
/// seconds twice, which metering absorbs.
/// </summary>
internal static class LegacySpool
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Migrate(string folder, Spool spool, ILogger logger)
    {
        var migrated = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories(folder))
        {
            var nodeId = Path.GetFileName(directory);
            var seconds = new List<NodeSecond>();
            foreach (var file in Directory.EnumerateFiles(directory, "*.json"))
            {
                try
                {
                    seconds.Add(JsonSerializer.Deserialize<NodeSecond>(File.ReadAllText(file), Json)
                        ?? throw new JsonException("The file holds null."));
                    migrated.Add(file);
                }
                catch (JsonException e)
                {
                    File.Move(file, file + ".corrupt", overwrite: true);
                    logger.LogError(e, "Spooled sample {File} is unreadable; kept as {File}.corrupt", file, file);
                }
            }
            foreach (var second in seconds.OrderBy(s => s.Sequence)) spool.AppendMigrated(nodeId, second);
            var sequenceFile = Path.Combine(directory, "next-sequence");
            if (File.Exists(sequenceFile) && long.TryParse(File.ReadAllText(sequenceFile), out var next))
                spool.RaiseNextSequence(nodeId, next);
            migrated.Add(sequenceFile);
            migrated.AddRange(Directory.EnumerateFiles(directory, "*.tmp"));
            spool.Commit();
            logger.LogInformation("Moved {Seconds} seconds of node {NodeId} from the file-per-second spool into the log", seconds.Count, nodeId);
        }
        if (migrated.Count == 0) return;
        // Flushed before the files go: the next sequences may be nowhere else yet.
        spool.SaveCheckpoint(fsync: true);
        foreach (var file in migrated) File.Delete(file);
        foreach (var directory in Directory.EnumerateDirectories(folder))
            if (!Directory.EnumerateFileSystemEntries(directory).Any()) Directory.Delete(directory);
    }
}

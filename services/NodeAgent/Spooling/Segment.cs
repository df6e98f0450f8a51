using Metering.Contracts;

namespace NodeAgent.Spooling;

/// <summary>One file of the spool's log, named by its number: appended to while active, then only read and deleted.</summary>
internal sealed class Segment(long id, string path)
{
    public const string Extension = ".seg";

    public long Id { get; } = id;
    public string Path { get; } = path;

    /// <summary>Bytes written, whether committed or not.</summary>
    public long Written { get; set; }

    /// <summary>Bytes flushed and handed to the publisher: every record before this offset.</summary>
    public long Committed { get; set; }

    /// <summary>Seconds in it neither confirmed nor dropped, and their GPUs: at 0 the segment goes.</summary>
    public int Unresolved { get; private set; }
    public long UnresolvedGpus { get; private set; }

    public DateTimeOffset Oldest { get; private set; } = DateTimeOffset.MaxValue;
    public DateTimeOffset Newest { get; private set; } = DateTimeOffset.MinValue;

    public void Add(NodeSecond second)
    {
        Unresolved++;
        UnresolvedGpus += second.Gpus.Count;
        if (second.Second < Oldest) Oldest = second.Second;
        if (second.Second > Newest) Newest = second.Second;
    }

    public void Remove(NodeSecond second)
    {
        Unresolved--;
        UnresolvedGpus -= second.Gpus.Count;
    }

    public static string FileName(long id) => $"{id:D20}{Extension}";

    public static bool TryParseId(string path, out long id) =>
        long.TryParse(System.IO.Path.GetFileNameWithoutExtension(path), out id) && FileName(id) == System.IO.Path.GetFileName(path);
}

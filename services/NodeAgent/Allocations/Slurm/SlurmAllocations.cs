using Metering.Contracts;

namespace NodeAgent.Allocations.Slurm;

/// <summary>
/// Which job holds which GPU of this node, from the files the Slurm prolog writes and the epilog
/// removes (infra/slurm). Nothing here asks the controller: the node's own slurmd says when a job
/// starts and ends, so a cluster of thousands of nodes costs the controller nothing. A job's GPU
/// that gpus.csv cannot name is kept under the key `gres-index-N`, a device no GPU source
/// reports, so it is billed to nobody and reported as an allocation naming an unknown device.
/// </summary>
public sealed class SlurmAllocations(SlurmOptions options, TimeProvider clock, ILogger<SlurmAllocations> logger) : IAllocationSource
{
    private readonly string _jobs = Path.Combine(options.Directory, "jobs");
    private readonly string _gpuList = Path.Combine(options.Directory, "gpus.csv");
    private readonly Dictionary<string, (DateTime WriteTime, SlurmJob? Job)> _files = new(StringComparer.Ordinal);
    private (DateTime WriteTime, IReadOnlyDictionary<int, string> Uuids) _gpus = (default, new Dictionary<int, string>());
    private IReadOnlyDictionary<string, GpuAllocation> _byGpu = new Dictionary<string, GpuAllocation>();
    private DateTime _latestStart;
    // Jobs whose file the epilog removed, each with the last look that still saw it: a late sampler's seconds before that look were theirs.
    private readonly List<(DateTime WriteTime, SlurmJob Job, DateTime LastSeen)> _ended = [];
    private DateTime _lookedAt;
    private string _conflicts = "";
    private readonly Recheck _recheck = new(clock);

    // Far longer than a sampler runs late: seconds older than that were sampled long ago.
    private static readonly TimeSpan EndedKeptFor = TimeSpan.FromMinutes(5);

    public static string UnnamedGpu(int gresIndex) => $"gres-index-{gresIndex}";

    /// <summary>The allocations now, the folder looked at again at most every <see cref="Recheck.Interval"/>.</summary>
    public IReadOnlyDictionary<string, GpuAllocation> Current()
    {
        if (_recheck.Due() && (RefreshGpuList() | RefreshJobs())) _byGpu = Allocations(_files.Values, reportConflicts: true);
        return _byGpu;
    }

    /// <summary>
    /// Who held each GPU during <paramref name="second"/>, for a sampler that may run late (a node
    /// whose cores are all busy): a job whose prolog wrote its file after the second ended did not
    /// hold it yet (the file's time is the node's own clock at the job's start), and a job whose
    /// file was still there at a look after the second ended held it, even if the epilog has
    /// removed the file since. A sampler on time gets what holds now.
    /// </summary>
    public IReadOnlyDictionary<string, GpuAllocation> At(DateTimeOffset second)
    {
        var now = Current();
        var secondEnd = second.UtcDateTime.AddSeconds(1);
        if (_latestStart < secondEnd && !_ended.Any(ended => ended.LastSeen >= secondEnd)) return now;
        return Allocations(_files.Values
            .Where(file => file.WriteTime < secondEnd)
            .Concat(_ended.Where(ended => ended.WriteTime < secondEnd && ended.LastSeen >= secondEnd).Select(ended => (ended.WriteTime, (SlurmJob?)ended.Job))),
            reportConflicts: false);
    }

    private bool RefreshJobs()
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        var changed = false;
        var files = Directory.Exists(_jobs) ? Directory.EnumerateFiles(_jobs) : [];
        foreach (var path in files)
        {
            var name = Path.GetFileName(path);
            // The prolog's file while it is being written.
            if (name.StartsWith('.')) continue;
            var writeTime = File.GetLastWriteTimeUtc(path);
            if (_files.TryGetValue(name, out var known) && known.WriteTime == writeTime)
            {
                present.Add(name);
                continue;
            }
            if (!TryRead(path, out var job)) continue;
            _files[name] = (writeTime, job);
            present.Add(name);
            changed = true;
        }
        var lookedAt = clock.GetUtcNow().UtcDateTime;
        foreach (var ended in _files.Keys.Where(name => !present.Contains(name)).ToList())
        {
            if (_files[ended] is (var writeTime, { } job)) _ended.Add((writeTime, job, _lookedAt));
            _files.Remove(ended);
            changed = true;
        }
        _ended.RemoveAll(ended => lookedAt - ended.LastSeen > EndedKeptFor);
        _lookedAt = lookedAt;
        if (changed) _latestStart = _files.Values.Select(file => file.WriteTime).DefaultIfEmpty().Max();
        return changed;
    }

    /// <summary>False when the file is gone (the epilog ran meanwhile); a null job when it does not parse, reported once.</summary>
    private bool TryRead(string path, out SlurmJob? job)
    {
        job = null;
        try
        {
            job = SlurmJob.Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            logger.LogError(e, "Slurm job file {Path} is unreadable; its GPUs are billed to nobody", path);
        }
        return true;
    }

    private bool RefreshGpuList()
    {
        if (!File.Exists(_gpuList)) return false;
        var writeTime = File.GetLastWriteTimeUtc(_gpuList);
        if (writeTime == _gpus.WriteTime) return false;
        try
        {
            _gpus = (writeTime, GresIndexes.Parse(File.ReadAllText(_gpuList)));
            logger.LogInformation("Loaded {Count} GPU UUIDs by GRES index from {Path}", _gpus.Uuids.Count, _gpuList);
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            logger.LogError(e, "GPU list {Path} is unreadable; keeping the previous one", _gpuList);
            _gpus = (writeTime, _gpus.Uuids);
        }
        return true;
    }

    private Dictionary<string, GpuAllocation> Allocations(IEnumerable<(DateTime WriteTime, SlurmJob? Job)> files, bool reportConflicts)
    {
        var byGpu = new Dictionary<string, GpuAllocation>(StringComparer.Ordinal);
        var conflicts = new List<string>();
        // Two jobs naming one GPU means a file the epilog failed to remove: the newer job holds it.
        foreach (var (_, job) in files.Where(f => f.Job is not null).OrderBy(f => f.WriteTime))
        {
            var allocation = AllocationOf(job!);
            foreach (var index in job!.GpuIndexes)
            {
                var gpu = _gpus.Uuids.GetValueOrDefault(index) ?? UnnamedGpu(index);
                if (byGpu.TryGetValue(gpu, out var earlier)) conflicts.Add($"{gpu}: job {earlier.WorkloadId} and job {job.JobId}");
                byGpu[gpu] = allocation;
            }
        }
        if (!reportConflicts) return byGpu;
        var described = string.Join("; ", conflicts);
        if (described != _conflicts && described.Length > 0)
            logger.LogWarning("Slurm jobs name the same GPU ({Conflicts}); the newer job's file wins: remove the stale one", described);
        _conflicts = described;
        return byGpu;
    }

    private GpuAllocation AllocationOf(SlurmJob job)
    {
        var name = options.TenantFrom == "user" || job.Account.Length == 0 ? job.User : job.Account;
        return new GpuAllocation(options.Tenants.GetValueOrDefault(name, name), job.JobId)
        {
            AllocationClass = options.AllocationClasses.GetValueOrDefault(job.Partition, AllocationClasses.OnDemand),
        };
    }
}

using System.Globalization;
using NodeAgent.Sampling.Polling;

namespace NodeAgent.Sampling.Ascend;

/// <summary>
/// Huawei Ascend NPUs through npu-smi: <c>npu-smi info</c> once per poll for the chips and their
/// readings, <c>npu-smi info -t board -i N</c> now and then for each card's serial number, which
/// is what the chips are billed under (<see cref="NpuIdentity"/>).
/// </summary>
public sealed class NpuSmiSource : PolledGpuSource
{
    private readonly NpuSmiOptions _options;
    private readonly Dictionary<int, (NpuBoard Board, DateTimeOffset At)> _boards = [];

    public NpuSmiSource(NpuSmiOptions options, TimeProvider clock, ILogger<NpuSmiSource> logger)
        : base(options.NodeId, options.Polling, clock, logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path);
        _options = options;
    }

    protected override async Task<IReadOnlyList<GpuReading>> AskAsync(CancellationToken cancellationToken)
    {
        var chips = NpuSmiInfoParser.Parse(await ToolCommand.RunAsync(_options.Path, ["info"], cancellationToken));
        var readings = new List<GpuReading>(chips.Count);
        foreach (var chip in chips)
        {
            // A chip whose card has not told its serial yet is left out rather than reported under
            // a stand-in id: two ids for one chip would split its seconds between two allocations.
            if (await BoardOfAsync(chip.NpuId, cancellationToken) is not { } board) continue;
            readings.Add(new GpuReading(
                NpuIdentity.Of(_options.NodeId, chip, board), chip.Name, MigProfile: null,
                chip.AiCorePercent, chip.MemoryUsedMiB, chip.PowerWatts, EnergyMillijoules: null));
        }
        return readings;
    }

    private async Task<NpuBoard?> BoardOfAsync(int npuId, CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        if (_boards.TryGetValue(npuId, out var known) && now - known.At < _options.BoardRefreshInterval) return known.Board;
        try
        {
            var board = NpuBoard.Parse(await ToolCommand.RunAsync(
                _options.Path, ["info", "-t", "board", "-i", npuId.ToString(CultureInfo.InvariantCulture)], cancellationToken));
            if (board.SerialNumber is null) Logger.LogWarning("NPU {NpuId} reports no serial number; its chips are billed under their PCIe address", npuId);
            _boards[npuId] = (board, now);
            return board;
        }
        catch (ToolFailedException exception) when (!cancellationToken.IsCancellationRequested)
        {
            Logger.LogError(exception, "npu-smi could not tell NPU {NpuId}'s serial number", npuId);
            return known.Board;
        }
    }
}

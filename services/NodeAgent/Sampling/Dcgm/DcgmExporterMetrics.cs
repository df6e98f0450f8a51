namespace NodeAgent.Sampling.Dcgm;

/// <summary>The GPUs and MIG instances of one dcgm-exporter answer, and those it named no model for.</summary>
public sealed record DcgmExporterAnswer(IReadOnlyList<GpuReading> Gpus, IReadOnlyList<string> WithoutModel);

/// <summary>
/// Turns dcgm-exporter's metrics into one reading per GPU or MIG instance. A device is whatever
/// carries a GPU UUID label (<c>UUID</c>, or <c>uuid</c> with <c>--use-old-namespace</c>); a MIG
/// instance is such a device with a <c>GPU_I_ID</c> label, and a GPU that has instances is
/// replaced by them, because they are what tenants hold.
/// </summary>
public static class DcgmExporterMetrics
{
    private const string GpuUtil = "DCGM_FI_DEV_GPU_UTIL";
    private const string GraphicsEngineActive = "DCGM_FI_PROF_GR_ENGINE_ACTIVE";
    private const string FramebufferUsed = "DCGM_FI_DEV_FB_USED";
    private const string PowerUsage = "DCGM_FI_DEV_POWER_USAGE";
    private const string TotalEnergy = "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION";

    // DCGM's "no value" sentinels (blank, not found, not supported, not permissioned), which
    // exporters before 3.3 printed as numbers instead of leaving the line out.
    private const decimal Fp64Blank = 140737488355328m;
    private const decimal Int64Blank = 0x7ffffffffffffff0;
    private const decimal Int32Blank = 0x7ffffff0;

    /// <summary>The id a MIG instance is billed and allocated under: <c>MIG-&lt;GPU UUID&gt;/&lt;GPU instance id&gt;</c>.</summary>
    public static string MigInstanceId(string gpuUuid, string gpuInstanceId) => $"MIG-{gpuUuid}/{gpuInstanceId}";

    /// <exception cref="FormatException">The text is not Prometheus text.</exception>
    public static DcgmExporterAnswer Parse(string text)
    {
        var devices = new Dictionary<(string Uuid, string? Instance), Device>();
        foreach (var sample in PrometheusText.Parse(text))
        {
            if (!sample.Labels.TryGetValue("UUID", out var uuid) && !sample.Labels.TryGetValue("uuid", out uuid)) continue;
            if (uuid.Length == 0) continue;
            var instance = sample.Labels.GetValueOrDefault("GPU_I_ID") is { Length: > 0 } id ? id : null;
            if (!devices.TryGetValue((uuid, instance), out var device))
            {
                device = new Device(uuid, instance, sample.Labels.GetValueOrDefault("GPU_I_PROFILE"));
                devices.Add((uuid, instance), device);
            }
            device.Model ??= sample.Labels.GetValueOrDefault("modelName") is { Length: > 0 } model ? model : null;
            // With pod mapping on, a shared GPU's line is repeated once per pod; the values are the same.
            device.Values.TryAdd(sample.Name, sample.Value);
        }

        var partitioned = devices.Keys.Where(k => k.Instance is not null).Select(k => k.Uuid).ToHashSet();
        var gpus = new List<GpuReading>();
        var withoutModel = new List<string>();
        foreach (var device in devices.Values.Where(d => d.Instance is not null || !partitioned.Contains(d.Uuid)))
        {
            if (device.Model is null) withoutModel.Add(device.Id);
            else gpus.Add(device.Reading());
        }
        return new DcgmExporterAnswer(gpus, withoutModel);
    }

    private sealed class Device(string uuid, string? instance, string? profile)
    {
        public string Uuid { get; } = uuid;
        public string? Instance { get; } = instance;
        public string? Model { get; set; }
        public Dictionary<string, decimal?> Values { get; } = new(StringComparer.Ordinal);

        public string Id => Instance is null ? Uuid : MigInstanceId(Uuid, Instance);

        /// <remarks>
        /// DCGM has no GPU_UTIL for a MIG instance; its graphics-engine activity (a ratio) stands in.
        /// The power and energy an instance's lines carry are its whole GPU's, the same on every
        /// instance, so they are left out there rather than counted once per instance.
        /// </remarks>
        public GpuReading Reading()
        {
            var utilization = Instance is null ? Integer(GpuUtil) : null;
            utilization ??= Double(GraphicsEngineActive) * 100m;
            return new GpuReading(
                Id, Model!, Instance is null ? null : profile,
                utilization,
                (long?)Integer(FramebufferUsed),
                Instance is null ? Double(PowerUsage) : null,
                Instance is null ? (long?)Integer(TotalEnergy) : null);
        }

        private decimal? Integer(string metric) =>
            Values.GetValueOrDefault(metric) is { } value && value < Int64Blank && value is not (>= Int32Blank and <= Int32Blank + 3)
                ? decimal.Truncate(value)
                : null;

        private decimal? Double(string metric) =>
            Values.GetValueOrDefault(metric) is { } value && value < Fp64Blank ? value : null;
    }
}

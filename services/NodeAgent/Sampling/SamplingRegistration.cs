using NodeAgent.Sampling.Amd;
using NodeAgent.Sampling.Ascend;
using NodeAgent.Sampling.Dcgm;
using NodeAgent.Sampling.NvidiaSmi;
using NodeAgent.Sampling.Simulated;

namespace NodeAgent.Sampling;

public static class SamplingRegistration
{
    /// <summary>
    /// Every second the source (`Agent:Source`: simulated, nvidia-smi, npu-smi, amd-smi or dcgm-exporter) is read, each GPU given
    /// the allocation that holds it, and the sample spooled.
    /// </summary>
    public static IHostApplicationBuilder AddSampling(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddSingleton(configuration.GetSection("Simulation").Get<SimulationOptions>() ?? new SimulationOptions());
        builder.Services.AddSingleton<IGpuSource>(services => configuration["Agent:Source"] switch
        {
            null or "simulated" => ActivatorUtilities.CreateInstance<SimulatedFleet>(services),
            "nvidia-smi" => ActivatorUtilities.CreateInstance<NvidiaSmiSource>(services,
                configuration.GetSection("NvidiaSmi").Get<NvidiaSmiOptions>()
                    ?? throw new InvalidOperationException("NvidiaSmi:NodeId is required for the nvidia-smi source.")),
            "npu-smi" => ActivatorUtilities.CreateInstance<NpuSmiSource>(services,
                configuration.GetSection("NpuSmi").Get<NpuSmiOptions>()
                    ?? throw new InvalidOperationException("NpuSmi:NodeId is required for the npu-smi source.")),
            "amd-smi" => ActivatorUtilities.CreateInstance<AmdSmiSource>(services,
                configuration.GetSection("AmdSmi").Get<AmdSmiOptions>()
                    ?? throw new InvalidOperationException("AmdSmi:NodeId is required for the amd-smi source.")),
            "dcgm-exporter" => ActivatorUtilities.CreateInstance<DcgmExporterSource>(services,
                configuration.GetSection("DcgmExporter").Get<DcgmExporterOptions>()
                    ?? throw new InvalidOperationException("DcgmExporter:NodeId is required for the dcgm-exporter source.")),
            var other => throw new InvalidOperationException($"Agent:Source '{other}' is not one of: simulated, nvidia-smi, npu-smi, amd-smi, dcgm-exporter."),
        });
        builder.Services.AddSingleton<PublishSignal>();
        builder.Services.AddHostedService<Sampler>();
        return builder;
    }
}

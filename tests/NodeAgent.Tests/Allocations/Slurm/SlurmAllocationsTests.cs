using System.Diagnostics;
using System.Runtime.Versioning;
using GpuBilling.Testing;
using Metering.Contracts;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NodeAgent.Allocations.Slurm;

namespace NodeAgent.Tests.Allocations.Slurm;

[UnsupportedOSPlatform("windows")]
public sealed class SlurmAllocationsTests : IDisposable
{
    private const string Gpus = "0, GPU-aaaa\n1, GPU-bbbb\n2, GPU-cccc\n3, GPU-dddd\n";

    private readonly string _directory = Directory.CreateTempSubdirectory("slurm-allocations-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private SlurmAllocations Open(SlurmOptions? options = null, TimeProvider? clock = null)
    {
        options ??= new SlurmOptions();
        options.Directory = _directory;
        return new SlurmAllocations(options.Validated(), clock ?? TimeProvider.System, NullLogger<SlurmAllocations>.Instance);
    }

    private void WriteGpus(string listing = Gpus) => File.WriteAllText(Path.Combine(_directory, "gpus.csv"), listing);

    private void WriteJob(string id, string account, string user, string partition, string gpus)
    {
        Directory.CreateDirectory(Path.Combine(_directory, "jobs"));
        File.WriteAllText(Path.Combine(_directory, "jobs", id),
            $"SLURM_JOB_ID={id}\nSLURM_JOB_ACCOUNT={account}\nSLURM_JOB_USER={user}\nSLURM_JOB_PARTITION={partition}\nSLURM_JOB_GPUS={gpus}\n");
    }

    [Fact]
    public void Each_gpu_of_a_job_is_held_by_its_account_for_the_job_on_the_class_of_its_partition()
    {
        WriteGpus();
        WriteJob("41", "acme", "alice", "preempt", "0,2");
        WriteJob("42", "globex", "bob", "gpu", "1");

        var current = Open(new SlurmOptions { AllocationClasses = { ["preempt"] = "spot" } }).Current();

        Assert.Equal(new Dictionary<string, GpuAllocation>
        {
            ["GPU-aaaa"] = new("acme", "41") { AllocationClass = "spot" },
            ["GPU-cccc"] = new("acme", "41") { AllocationClass = "spot" },
            ["GPU-bbbb"] = new("globex", "42") { AllocationClass = "on-demand" },
        }, current);
    }

    [Fact]
    public void The_tenant_can_be_the_user_and_names_can_be_mapped_to_tenant_ids()
    {
        WriteGpus();
        WriteJob("41", "acme", "alice", "gpu", "0");
        WriteJob("42", "", "bob", "gpu", "1");

        var byUser = Open(new SlurmOptions { TenantFrom = "user", Tenants = { ["alice"] = "tenant-17" } }).Current();
        var byAccount = Open().Current();

        Assert.Equal(("tenant-17", "bob"), (byUser["GPU-aaaa"].TenantId, byUser["GPU-bbbb"].TenantId));
        // A job without an account (no accounting database) is its user's.
        Assert.Equal(("acme", "bob"), (byAccount["GPU-aaaa"].TenantId, byAccount["GPU-bbbb"].TenantId));
    }

    [Fact]
    public async Task A_job_whose_epilog_removed_its_file_holds_nothing_after_the_next_check()
    {
        WriteGpus();
        WriteJob("41", "acme", "alice", "gpu", "0");
        var allocations = Open();
        Assert.Single(allocations.Current());

        File.Delete(Path.Combine(_directory, "jobs", "41"));
        WriteJob("43", "globex", "bob", "gpu", "0");
        await Eventually.AssertAsync(() => Assert.Equal(new GpuAllocation("globex", "43"), Assert.Single(allocations.Current()).Value));
    }

    [Fact]
    public void A_gpu_index_the_gpu_list_does_not_name_is_kept_under_a_key_no_gpu_source_reports()
    {
        WriteGpus("0, GPU-aaaa\n");
        WriteJob("41", "acme", "alice", "gpu", "0,5");
        Directory.CreateDirectory(Path.Combine(_directory, "jobs"));
        File.WriteAllText(Path.Combine(_directory, "jobs", ".42.1234"), "SLURM_JOB_ID=42\n");

        var current = Open().Current();

        Assert.Equal(["GPU-aaaa", SlurmAllocations.UnnamedGpu(5)], current.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("gres-index-5", SlurmAllocations.UnnamedGpu(5));
    }

    [Fact]
    public void A_job_file_that_does_not_parse_holds_nothing_and_stops_no_other_job()
    {
        WriteGpus();
        WriteJob("41", "acme", "alice", "gpu", "0");
        File.WriteAllText(Path.Combine(_directory, "jobs", "42"), "SLURM_JOB_ID=42\nSLURM_JOB_GPUS=gpu:1\n");

        Assert.Equal("GPU-aaaa", Assert.Single(Open().Current()).Key);
    }

    [Fact]
    public void No_folder_yet_means_no_job_on_this_node()
    {
        Directory.Delete(_directory);
        Assert.Empty(Open().Current());
        Directory.CreateDirectory(_directory);
    }

    [Theory]
    [InlineData("account", "reserved")]
    [InlineData("group", "spot")]
    public void Settings_that_would_bill_wrongly_are_refused(string tenantFrom, string allocationClass) =>
        Assert.Throws<InvalidOperationException>(() =>
            new SlurmOptions { TenantFrom = tenantFrom, AllocationClasses = { ["gpu"] = allocationClass } }.Validated());

    [Fact]
    public async Task The_shipped_prolog_and_epilog_keep_the_files_this_source_reads()
    {
        var scripts = Path.Combine(RepositoryRoot(), "infra", "slurm");
        // Beside slurm.conf, where the scripts look for their settings; nvidia-smi stands in as a
        // script printing its `index,uuid` listing, the one thing here that needs a real GPU.
        var nvidiaSmi = Path.Combine(_directory, "nvidia-smi");
        File.WriteAllText(nvidiaSmi, "#!/bin/sh\nprintf '0, GPU-aaaa\\n1, GPU-bbbb\\n'\n");
        File.SetUnixFileMode(nvidiaSmi, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var allocationsDirectory = Path.Combine(_directory, "allocations");
        File.WriteAllText(Path.Combine(_directory, "gpu-metering.conf"), $"ALLOCATIONS_DIR={allocationsDirectory}\nNVIDIA_SMI={nvidiaSmi}\n");
        // The environment slurmd 22.05 gave the prolog of `sbatch -A acme -p spot --gres=gpu:2`.
        var job = new Dictionary<string, string>
        {
            ["SLURM_CONF"] = Path.Combine(_directory, "slurm.conf"),
            ["SLURM_SCRIPT_CONTEXT"] = "prolog_slurmd",
            ["SLURM_JOB_ID"] = "4",
            ["SLURM_JOB_ACCOUNT"] = "acme",
            ["SLURM_JOB_USER"] = "root",
            ["SLURM_JOB_PARTITION"] = "spot",
            ["SLURM_JOB_GPUS"] = "0,1",
            ["CUDA_VISIBLE_DEVICES"] = "0,1",
        };
        var allocations = new SlurmAllocations(
            new SlurmOptions { Directory = allocationsDirectory, AllocationClasses = { ["spot"] = "spot" } }.Validated(),
            TimeProvider.System,
            NullLogger<SlurmAllocations>.Instance);

        Assert.Equal(0, await RunAsync(Path.Combine(scripts, "prolog"), job));
        Assert.Equal(new Dictionary<string, GpuAllocation>
        {
            ["GPU-aaaa"] = new("acme", "4") { AllocationClass = "spot" },
            ["GPU-bbbb"] = new("acme", "4") { AllocationClass = "spot" },
        }, allocations.Current());

        job.Remove("SLURM_JOB_GPUS");
        job["SLURM_SCRIPT_CONTEXT"] = "epilog_slurmd";
        Assert.Equal(0, await RunAsync(Path.Combine(scripts, "epilog"), job));
        await Eventually.AssertAsync(() => Assert.Empty(allocations.Current()));
    }

    [Fact]
    public void A_second_sampled_late_is_not_billed_to_a_job_whose_prolog_ran_after_it()
    {
        WriteGpus();
        WriteJob("41", "acme", "alice", "gpu", "0");
        WriteJob("42", "globex", "bob", "gpu", "1");
        var started = new DateTime(2026, 12, 7, 5, 37, 4, 300, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(Path.Combine(_directory, "jobs", "41"), started.AddMinutes(-5));
        File.SetLastWriteTimeUtc(Path.Combine(_directory, "jobs", "42"), started);
        var allocations = Open();
        DateTimeOffset Second(int s) => new(2026, 12, 7, 5, 37, s, TimeSpan.Zero);

        var earlier = new Dictionary<string, GpuAllocation> { ["GPU-aaaa"] = new("acme", "41") };
        Assert.Equal(earlier, allocations.At(Second(2)));
        Assert.Equal(earlier, allocations.At(Second(3)));
        Assert.Equal(earlier.Append(new("GPU-bbbb", new("globex", "42"))).ToDictionary(), allocations.At(Second(4)));
        Assert.Equal(allocations.Current(), allocations.At(Second(5)));
    }

    [Fact]
    public void A_second_sampled_late_is_billed_to_the_job_a_look_after_it_still_saw_though_its_epilog_has_run_since()
    {
        WriteGpus();
        WriteJob("41", "acme", "alice", "gpu", "0");
        var started = new DateTime(2026, 12, 7, 5, 37, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(Path.Combine(_directory, "jobs", "41"), started);
        var clock = new FakeTimeProvider(new DateTimeOffset(started.AddSeconds(10.5)));
        var allocations = Open(clock: clock);
        DateTimeOffset Second(int s) => new DateTimeOffset(started).AddSeconds(s);
        var acme = new Dictionary<string, GpuAllocation> { ["GPU-aaaa"] = new("acme", "41") };

        Assert.Equal(acme, allocations.At(Second(9)));
        // The epilog runs at 10.8; the sampler, three seconds late, samples 10, 11 and 12 at 14.5.
        File.Delete(Path.Combine(_directory, "jobs", "41"));
        clock.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal(acme, allocations.At(Second(9)));
        Assert.Empty(allocations.At(Second(10)));
        Assert.Empty(allocations.At(Second(11)));
        Assert.Empty(allocations.Current());
    }

    private static async Task<int> RunAsync(string script, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(script) { RedirectStandardError = true };
        start.Environment.Clear();
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(errors.Length == 0, errors);
        return process.ExitCode;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Metering.sln"))) return directory.FullName;
        throw new InvalidOperationException("Metering.sln not found above the test's output folder.");
    }
}

using NodeAgent.Allocations.Slurm;

namespace NodeAgent.Tests.Allocations.Slurm;

public sealed class SlurmJobTests
{
    // What infra/slurm/prolog wrote under Debian's Slurm 22.05 for `sbatch -A acme -p spot --gres=gpu:2`.
    private const string Recorded = """
        SLURM_JOB_ID=1
        SLURM_JOB_ACCOUNT=acme
        SLURM_JOB_USER=root
        SLURM_JOB_PARTITION=spot
        SLURM_JOB_GPUS=0,1
        STARTED=2026-12-06T21:32:18.586722953Z

        """;

    [Fact]
    public void The_prolog_file_gives_the_job_its_account_user_partition_and_gres_indices()
    {
        var job = SlurmJob.Parse(Recorded);

        Assert.Equal(("1", "acme", "root", "spot"), (job.JobId, job.Account, job.User, job.Partition));
        Assert.Equal([0, 1], job.GpuIndexes);
    }

    [Fact]
    public void Ranges_of_indices_are_expanded()
    {
        var job = SlurmJob.Parse("SLURM_JOB_ID=9\nSLURM_JOB_GPUS=0-2,5\n");

        Assert.Equal([0, 1, 2, 5], job.GpuIndexes);
        Assert.Equal(("", "", ""), (job.Account, job.User, job.Partition));
    }

    [Theory]
    [InlineData("SLURM_JOB_GPUS=0\n")]
    [InlineData("SLURM_JOB_ID=\nSLURM_JOB_GPUS=0\n")]
    [InlineData("SLURM_JOB_ID=7\n")]
    [InlineData("SLURM_JOB_ID=7\nSLURM_JOB_GPUS=gpu:0\n")]
    [InlineData("SLURM_JOB_ID=7\nSLURM_JOB_GPUS=3-1\n")]
    [InlineData("SLURM_JOB_ID=7\nSLURM_JOB_GPUS=0\nnot a setting\n")]
    public void A_file_without_a_job_id_or_gpu_indices_does_not_parse(string text) =>
        Assert.Throws<FormatException>(() => SlurmJob.Parse(text));
}

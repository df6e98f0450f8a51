namespace NodeAgent.Tests;

/// <summary>A vendor tool's real output kept under a source's Recorded folder (see the SOURCES.md beside it).</summary>
internal static class Recorded
{
    public static string Read(string source, string file) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, source, "Recorded", file));
}

namespace NodeAgent.Tests;

/// <summary>A vendor tool's real output kept under a source's Recorded folder (see the SOURCES.md beside it).</summary>
internal static class Recorded
{
    public static string Read(string source, string file) => File.ReadAllText(PathOf(source, file));

    public static string PathOf(string source, string file) => Path.Combine(AppContext.BaseDirectory, source, "Recorded", file);
}

using Microsoft.Extensions.Configuration.Json;

namespace NodeAgent;

public static class ConfigFile
{
    /// <summary>
    /// `--config FILE` (or `Config`): the operator's configuration file, docs/OPERATIONS.md describes
    /// every setting. It overrides the defaults shipped beside the program (appsettings.json, which
    /// an upgrade replaces), and is overridden in turn by environment variables and the command
    /// line, so a password can come from systemd's credentials and a one-off change needs no edit.
    /// </summary>
    public static IHostApplicationBuilder AddConfigFile(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration["Config"] is not { Length: > 0 } path) return builder;
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"The configuration file given with --config does not exist: {full}", full);

        var sources = builder.Configuration.Sources;
        var afterDefaults = sources.Select((source, index) => (source, index)).LastOrDefault(s => s.source is JsonConfigurationSource).index + 1;
        var file = new JsonConfigurationSource { Path = full, Optional = false, ReloadOnChange = false };
        file.ResolveFileProvider();
        sources.Insert(afterDefaults, file);
        return builder;
    }
}

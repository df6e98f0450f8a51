namespace Webhooks.Signing;

/// <summary>
/// Where the key sealing webhook secrets comes from: never the database it protects. Either a file
/// (`Webhooks:SecretKeyFile`, what `make up` and docker-compose use) or the value itself
/// (`Webhooks:SecretKey`, for platforms that hand secrets over as environment variables, and the
/// tests), as base64 of 32 random bytes (`head -c 32 /dev/urandom | base64`). Keys being rotated away
/// from are files under `Webhooks:PreviousSecretKeyFiles` (docs/OPERATIONS.md).
/// </summary>
public static class SecretKeys
{
    private const int KeySize = 32;

    public static SecretBox BoxFrom(IConfiguration configuration)
    {
        var section = configuration.GetSection("Webhooks");
        var file = section["SecretKeyFile"];
        var current = !string.IsNullOrWhiteSpace(file) ? FromFile(file, "Webhooks:SecretKeyFile")
            : !string.IsNullOrWhiteSpace(section["SecretKey"]) ? Decode(section["SecretKey"]!, "Webhooks:SecretKey")
            : throw new InvalidOperationException(
                "Webhooks:SecretKeyFile (or Webhooks:SecretKey) is not set: webhook signing secrets are kept sealed under a key outside the database. " +
                "Make one with `head -c 32 /dev/urandom | base64` into a file only this service reads.");
        var previous = section.GetSection("PreviousSecretKeyFiles").Get<string[]>() ?? [];
        return new SecretBox(current, previous.Select(path => FromFile(path, "Webhooks:PreviousSecretKeyFiles")));
    }

    private static byte[] FromFile(string path, string setting) =>
        File.Exists(path) ? Decode(File.ReadAllText(path), $"{setting} ({path})") : throw new InvalidOperationException($"{setting}: there is no file {path}.");

    private static byte[] Decode(string text, string where)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text.Trim(), buffer, out var length) && length == KeySize
            ? buffer[..length]
            : throw new InvalidOperationException($"{where} must hold the base64 of {KeySize} random bytes.");
    }
}

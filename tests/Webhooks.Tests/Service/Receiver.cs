using System.Collections.Concurrent;
using GpuBilling.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Webhooks.Signing;

namespace Webhooks.Tests.Service;

/// <summary>What the receiver saw of one request, and which of its secrets the signature verified with.</summary>
public sealed record Received(string Id, string Timestamp, string Signature, string Body, IReadOnlyList<string> VerifiedWith, int AnsweredWith);

/// <summary>
/// A real partner endpoint: Kestrel on a free loopback port. It verifies every request against
/// the secrets it was given, answers with the statuses scripted (then 200), and keeps everything it saw.
/// </summary>
public sealed class Receiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<int> _answers = new();
    private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _holdFirst;
    private LoopbackServer _server = null!;

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>Every secret a request may be signed with; the test adds them as the API hands them out.</summary>
    public ConcurrentBag<string> Secrets { get; } = [];

    public Uri Url => _server.UrlOf("/hooks");

    /// <summary>
    /// A receiver that never answers its first request: it holds it until the sender goes away
    /// (recorded as answered 0), as a partner's slow endpoint would while the sender is killed.
    /// </summary>
    public static async Task<Receiver> StartHoldingFirstAsync()
    {
        var receiver = await StartAsync();
        receiver._holdFirst = 1;
        return receiver;
    }

    /// <summary>Completes once the first request is being held.</summary>
    public Task Holding => _holding.Task;

    public static async Task<Receiver> StartAsync(params int[] answers)
    {
        var receiver = new Receiver();
        foreach (var answer in answers) receiver._answers.Enqueue(answer);
        receiver._server = await LoopbackServer.StartAsync(app => app.MapPost("/hooks", receiver.HandleAsync));
        return receiver;
    }

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        var id = request.Headers["webhook-id"].ToString();
        var timestamp = request.Headers["webhook-timestamp"].ToString();
        var signature = request.Headers["webhook-signature"].ToString();
        var verified = Secrets
            .Where(s => StandardWebhookSignature.Verify(s, id, timestamp, signature, body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)))
            .ToList();
        if (Interlocked.Exchange(ref _holdFirst, 0) == 1)
        {
            _holding.TrySetResult();
            await Task.Delay(Timeout.Infinite, request.HttpContext.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            Requests.Enqueue(new Received(id, timestamp, signature, body, verified, 0));
            return Results.Empty;
        }
        var status = _answers.TryDequeue(out var scripted) ? scripted : 200;
        Requests.Enqueue(new Received(id, timestamp, signature, body, verified, status));
        return Results.Text($"answered {status}", statusCode: status);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

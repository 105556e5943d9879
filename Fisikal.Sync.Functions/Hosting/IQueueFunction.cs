namespace Fisikal.Sync.Functions.Hosting;

/// <summary>A queue-triggered function: the same class runs under the Functions host and in the standalone pump.</summary>
public interface IQueueFunction
{
    /// <summary>The function's name (its folder and route under the Functions host).</summary>
    string Name { get; }

    string QueueName { get; }

    /// <summary>Throws to fail the attempt: the message is retried and, after the last attempt, poisoned.</summary>
    Task RunAsync(string messageText, long dequeueCount, CancellationToken cancellationToken);
}

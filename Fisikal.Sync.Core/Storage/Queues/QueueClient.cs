using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Fisikal.Sync.Core.Storage.Queues;

/// <summary>
/// One queue over the Queue service REST API. Message text is base64-encoded by default, as the
/// Functions host expects. Failures surface as <see cref="RequestFailedException"/> with the service's error code.
/// </summary>
public partial class QueueClient
{
    /// <summary>The service's limit on an encoded message.</summary>
    public const int MaxMessageBytes = 64 * 1024;

    private readonly HttpPipeline _pipeline;
    private readonly Uri _serviceUri;
    private readonly QueueClientOptions _options;

    internal QueueClient(HttpPipeline pipeline, Uri serviceUri, string queueName, QueueClientOptions options)
    {
        ValidateQueueName(queueName);
        _pipeline = pipeline;
        _serviceUri = serviceUri;
        _options = options;
        Name = queueName;
    }

    /// <summary>For mocking.</summary>
    protected QueueClient()
    {
        _pipeline = null!;
        _serviceUri = null!;
        _options = null!;
        Name = null!;
    }

    public string Name { get; }

    public static void ValidateQueueName(string queueName)
    {
        ArgumentNullException.ThrowIfNull(queueName);
        if (queueName.Length is < 3 or > 63 || !QueueNamePattern().IsMatch(queueName) || queueName.Contains("--", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"'{queueName}' is not a valid queue name: 3-63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.",
                nameof(queueName));
        }
    }

    public virtual async Task<Response> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Put, string.Empty);
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status is 201 or 204 ? response : throw StorageErrors.Create(response, $"Create queue {Name}");
    }

    public virtual async Task<Response> DeleteAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Delete, string.Empty);
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status is 204 or 404 ? response : throw StorageErrors.Create(response, $"Delete queue {Name}");
    }

    /// <summary>
    /// Sends a message, hidden for <paramref name="visibilityDelay"/> and kept for <paramref name="timeToLive"/>
    /// (default 7 days; <see cref="Timeout.InfiniteTimeSpan"/> keeps it until taken).
    /// </summary>
    public virtual async Task<Response<SendReceipt>> SendMessageAsync(
        string messageText, TimeSpan? visibilityDelay = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageText);
        var encoded = Encode(messageText);
        if (Encoding.UTF8.GetByteCount(encoded) > MaxMessageBytes)
        {
            throw new ArgumentException($"The message for queue {Name} is larger than {MaxMessageBytes} bytes once encoded.", nameof(messageText));
        }

        using var message = CreateMessage(RequestMethod.Post, "/messages");
        if (visibilityDelay is { } delay)
        {
            message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(delay));
        }

        if (timeToLive is { } ttl)
        {
            message.Request.Uri.AppendQuery("messagettl", ttl == Timeout.InfiniteTimeSpan ? "-1" : Seconds(ttl));
        }

        SetXmlBody(message.Request, encoded);
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != 201)
        {
            throw StorageErrors.Create(response, $"Send to {Name}");
        }

        var item = ParseList(response).Single();
        return Response.FromValue(
            new SendReceipt(Value(item, "MessageId")!, Value(item, "PopReceipt")!, Date(item, "InsertionTime"), Date(item, "ExpirationTime"), Date(item, "TimeNextVisible")),
            response);
    }

    /// <summary>Takes up to <paramref name="maxMessages"/> (1-32) messages, hiding them for <paramref name="visibilityTimeout"/>.</summary>
    public virtual async Task<Response<IReadOnlyList<QueueMessage>>> ReceiveMessagesAsync(
        int maxMessages = 1, TimeSpan? visibilityTimeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 32);
        using var message = CreateMessage(RequestMethod.Get, "/messages");
        message.Request.Uri.AppendQuery("numofmessages", maxMessages.ToString(CultureInfo.InvariantCulture));
        if (visibilityTimeout is { } timeout)
        {
            message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(timeout));
        }

        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != 200)
        {
            throw StorageErrors.Create(response, $"Receive from {Name}");
        }

        IReadOnlyList<QueueMessage> messages = ParseList(response)
            .Select(m => new QueueMessage(
                Value(m, "MessageId")!,
                Value(m, "PopReceipt")!,
                Decode(Value(m, "MessageText") ?? string.Empty),
                long.Parse(Value(m, "DequeueCount") ?? "0", CultureInfo.InvariantCulture),
                Date(m, "InsertionTime"),
                Date(m, "ExpirationTime"),
                Date(m, "TimeNextVisible")))
            .ToList();
        return Response.FromValue(messages, response);
    }

    /// <summary>Looks at up to <paramref name="maxMessages"/> visible messages without taking them.</summary>
    public virtual async Task<Response<IReadOnlyList<PeekedMessage>>> PeekMessagesAsync(int maxMessages = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 32);
        using var message = CreateMessage(RequestMethod.Get, "/messages");
        message.Request.Uri.AppendQuery("peekonly", "true");
        message.Request.Uri.AppendQuery("numofmessages", maxMessages.ToString(CultureInfo.InvariantCulture));
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != 200)
        {
            throw StorageErrors.Create(response, $"Peek {Name}");
        }

        IReadOnlyList<PeekedMessage> messages = ParseList(response)
            .Select(m => new PeekedMessage(
                Value(m, "MessageId")!,
                Decode(Value(m, "MessageText") ?? string.Empty),
                long.Parse(Value(m, "DequeueCount") ?? "0", CultureInfo.InvariantCulture),
                Date(m, "InsertionTime"),
                Date(m, "ExpirationTime")))
            .ToList();
        return Response.FromValue(messages, response);
    }

    /// <summary>Deletes a received message; one already gone (404) is not an error.</summary>
    public virtual async Task<Response> DeleteMessageAsync(string messageId, string popReceipt, CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Delete, "/messages/" + Uri.EscapeDataString(messageId));
        message.Request.Uri.AppendQuery("popreceipt", popReceipt);
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status is 204 or 404 ? response : throw StorageErrors.Create(response, $"Delete message from {Name}");
    }

    /// <summary>Hides a received message for <paramref name="visibilityTimeout"/> more, optionally replacing its text.</summary>
    public virtual async Task<Response<SendReceipt>> UpdateMessageAsync(
        string messageId, string popReceipt, TimeSpan visibilityTimeout, string? messageText = null, CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Put, "/messages/" + Uri.EscapeDataString(messageId));
        message.Request.Uri.AppendQuery("popreceipt", popReceipt);
        message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(visibilityTimeout));
        if (messageText is not null)
        {
            SetXmlBody(message.Request, Encode(messageText));
        }

        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != 204)
        {
            throw StorageErrors.Create(response, $"Update message in {Name}");
        }

        response.Headers.TryGetValue("x-ms-popreceipt", out var newReceipt);
        response.Headers.TryGetValue("x-ms-time-next-visible", out var nextVisible);
        var next = nextVisible is null ? (DateTimeOffset?)null : DateTimeOffset.Parse(nextVisible, CultureInfo.InvariantCulture);
        return Response.FromValue(new SendReceipt(messageId, newReceipt ?? popReceipt, null, null, next), response);
    }

    /// <summary>The approximate number of messages (visible or not) in the queue.</summary>
    public virtual async Task<Response<int>> GetApproximateMessageCountAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Get, string.Empty);
        message.Request.Uri.AppendQuery("comp", "metadata");
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != 200)
        {
            throw StorageErrors.Create(response, $"Get properties of {Name}");
        }

        response.Headers.TryGetValue("x-ms-approximate-messages-count", out var count);
        return Response.FromValue(int.Parse(count ?? "0", CultureInfo.InvariantCulture), response);
    }

    private string Encode(string text) =>
        _options.MessageEncoding == QueueMessageEncoding.Base64 ? Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) : text;

    /// <summary>Text that is not base64 is handed over as it is, so the handler fails it and it is poisoned, not lost.</summary>
    private string Decode(string text)
    {
        if (_options.MessageEncoding != QueueMessageEncoding.Base64)
        {
            return text;
        }

        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? Encoding.UTF8.GetString(buffer, 0, written) : text;
    }

    private HttpMessage CreateMessage(RequestMethod method, string suffix)
    {
        var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(_serviceUri);
        message.Request.Uri.AppendPath("/" + Name + suffix, escape: false);
        message.Request.Headers.SetValue("x-ms-version", _options.ServiceVersion);
        return message;
    }

    private static void SetXmlBody(Request request, string encodedText)
    {
        var xml = new XElement("QueueMessage", new XElement("MessageText", encodedText)).ToString(SaveOptions.DisableFormatting);
        request.Headers.SetValue("Content-Type", "application/xml");
        request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(xml));
    }

    private async Task<Response> SendAsync(HttpMessage message, CancellationToken cancellationToken)
    {
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return message.Response;
    }

    private static IEnumerable<XElement> ParseList(Response response)
    {
        var text = response.Content.ToString().TrimStart('\uFEFF');
        return XDocument.Parse(text).Root?.Elements("QueueMessage") ?? [];
    }

    private static string? Value(XElement element, string name) => element.Element(name)?.Value;

    private static DateTimeOffset? Date(XElement element, string name) =>
        Value(element, name) is { Length: > 0 } v ? DateTimeOffset.Parse(v, CultureInfo.InvariantCulture) : null;

    private static string Seconds(TimeSpan value) => ((long)Math.Ceiling(value.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*[a-z0-9]$")]
    private static partial Regex QueueNamePattern();
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Fisikal.Sync.Tests.Infrastructure;

/// <summary>
/// A local SMTP server on 127.0.0.1 that accepts every message and keeps it (envelope recipients and the DATA text):
/// enough of RFC 5321 for .NET's SmtpClient (EHLO, MAIL, RCPT, DATA, QUIT).
/// </summary>
public sealed class SmtpListener : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public SmtpListener()
    {
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Each message: its envelope recipients, its raw DATA, and its body decoded (quoted-printable or base64), as a mail reader shows it.</summary>
    public ConcurrentQueue<(IReadOnlyList<string> To, string Data, string Body)> Messages { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private static string Decode(string data)
    {
        var split = data.IndexOf("\r\n\r\n", StringComparison.Ordinal) is var i and >= 0 ? i : data.IndexOf("\n\n", StringComparison.Ordinal);
        var headers = split < 0 ? data : data[..split];
        var body = split < 0 ? string.Empty : data[split..].TrimStart('\r', '\n');
        if (headers.Contains("Content-Transfer-Encoding: base64", StringComparison.OrdinalIgnoreCase))
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body.Split('\n').Select(l => l.Trim()))));
        }

        if (!headers.Contains("Content-Transfer-Encoding: quoted-printable", StringComparison.OrdinalIgnoreCase))
        {
            return body;
        }

        var joined = body.Replace("=\r\n", string.Empty, StringComparison.Ordinal).Replace("=\n", string.Empty, StringComparison.Ordinal).Replace("\r\n", "\n", StringComparison.Ordinal);
        var bytes = new List<byte>();
        for (var k = 0; k < joined.Length; k++)
        {
            if (joined[k] == '=' && k + 2 < joined.Length && Uri.IsHexDigit(joined[k + 1]) && Uri.IsHexDigit(joined[k + 2]))
            {
                bytes.Add(Convert.ToByte(joined.Substring(k + 1, 2), 16));
                k += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(joined[k].ToString()));
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 localhost test SMTP");
            var to = new List<string>();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO" or "HELO":
                        await writer.WriteLineAsync("250 localhost");
                        break;
                    case "MAIL":
                        to.Clear();
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "RCPT":
                        to.Add(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim().Trim('<', '>'));
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(_stop.Token) is { } dataLine && dataLine != ".")
                        {
                            data.AppendLine(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine);
                        }

                        Messages.Enqueue(([.. to], data.ToString(), Decode(data.ToString())));
                        await writer.WriteLineAsync("250 OK: queued");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("250 OK");
                        break;
                }
            }
        }
    }
}

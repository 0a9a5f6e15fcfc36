using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Elsa.Kundportal.Benchmarks.Http;

/// <summary>
/// The SMTP server the host delivers to: accepts every message at once (ESMTP with PIPELINING and 8BITMIME, as a
/// local relay would), serves each connection asynchronously with Nagle off, and hands each message's bytes to
/// <see cref="Received"/>. netDumbster, which the tests use, takes about 40 ms per connection and blocks a thread for
/// it; at the benchmark's rates that, not the host, would set the pace of the e-mail.
/// </summary>
internal sealed class SmtpSink : IAsyncDisposable
{
    private static readonly Encoding Bytes = Encoding.Latin1;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public SmtpSink(Action<byte[]> received)
    {
        Received = received;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Called with every message's content (headers and body, dots unstuffed), on the connection's task.</summary>
    public Action<byte[]> Received { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
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

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            client.NoDelay = true;
            try
            {
                await using var stream = client.GetStream();
                // Latin-1 maps every byte to one char and back, so the message's bytes pass unchanged.
                using var reader = new StreamReader(stream, Bytes, detectEncodingFromByteOrderMarks: false);
                await using var writer = new StreamWriter(stream, Bytes) { NewLine = "\r\n", AutoFlush = false };
                await ReplyAsync(writer, "220 benchmark ESMTP");
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    var verb = (line.Length >= 4 ? line[..4] : line).ToUpperInvariant();
                    switch (verb)
                    {
                        case "EHLO":
                            await ReplyAsync(writer, "250-benchmark\r\n250-PIPELINING\r\n250 8BITMIME");
                            break;
                        case "DATA":
                            await ReplyAsync(writer, "354 End data with <CR><LF>.<CR><LF>");
                            var message = new StringBuilder();
                            while (await reader.ReadLineAsync(_stop.Token) is { } data && data != ".")
                                message.Append(data.StartsWith("..", StringComparison.Ordinal) ? data[1..] : data).Append("\r\n");
                            await ReplyAsync(writer, Accept(Bytes.GetBytes(message.ToString())) ? "250 OK" : "554 Transaction failed");
                            break;
                        case "QUIT":
                            await ReplyAsync(writer, "221 Bye");
                            return;
                        case "HELO" or "MAIL" or "RCPT" or "RSET" or "NOOP":
                            await ReplyAsync(writer, "250 OK");
                            break;
                        default:
                            await ReplyAsync(writer, "502 Command not implemented");
                            break;
                    }
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The host closed the connection, or the benchmark is stopping.
            }
        }
    }

    /// <summary>Hands a message on; one that cannot be read is refused, so the host logs it and tries again later.</summary>
    private bool Accept(byte[] message)
    {
        try
        {
            Received(message);
            return true;
        }
        catch (FormatException)
        {
            // MimeKit's ParseException among them.
            return false;
        }
    }

    private async Task ReplyAsync(StreamWriter writer, string reply)
    {
        await writer.WriteLineAsync(reply.AsMemory(), _stop.Token);
        await writer.FlushAsync(_stop.Token);
    }
}

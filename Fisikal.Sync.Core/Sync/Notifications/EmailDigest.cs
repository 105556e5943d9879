using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Logging;

namespace Fisikal.Sync.Core.Sync.Notifications;

/// <summary>
/// Sends an integration's notification list one digest e-mail over SMTP (seed 001 warns the sync can trigger a high
/// volume of mails, so many findings go out as one message). A mail that can't be sent is logged, never thrown: the
/// Notifications table keeps the findings either way.
/// </summary>
public sealed partial class EmailDigest(SmtpOptions options, ILogger<EmailDigest> logger)
{
    /// <summary>A host, and a password that is not an unresolved Key Vault reference when a user name says one is needed.</summary>
    public bool IsConfigured =>
        !string.IsNullOrEmpty(options.Host) && (string.IsNullOrEmpty(options.Username) || !Configuration.KeyVaultReference.IsUnresolved(options.Password));

    /// <returns>True when the server took the message.</returns>
    public async Task<bool> SendAsync(IReadOnlyCollection<string> recipients, string subject, IReadOnlyList<string> lines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentNullException.ThrowIfNull(lines);
        if (!IsConfigured || recipients.Count == 0 || lines.Count == 0)
        {
            return false;
        }

        using var message = new MailMessage
        {
            From = new MailAddress(options.From),
            Subject = subject,
            Body = string.Join("\r\n", lines),
            IsBodyHtml = false,
            BodyEncoding = System.Text.Encoding.UTF8,
            SubjectEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var recipient in recipients)
        {
            message.To.Add(recipient);
        }

        using var smtp = new SmtpClient(options.Host, options.Port) { EnableSsl = options.EnableSsl, DeliveryMethod = SmtpDeliveryMethod.Network };
        if (!string.IsNullOrEmpty(options.Username))
        {
            smtp.Credentials = new NetworkCredential(options.Username, options.Password);
        }

        try
        {
            await smtp.SendMailAsync(message, cancellationToken).ConfigureAwait(false);
            LogSent(recipients.Count, lines.Count);
            return true;
        }
        catch (SmtpException ex)
        {
            LogNotSent(ex.StatusCode.ToString());
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification digest sent to {Recipients} recipients ({Lines} findings)")]
    private partial void LogSent(int recipients, int lines);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The notification digest could not be sent ({Status}); the Notifications table has the findings")]
    private partial void LogNotSent(string status);
}

namespace Fisikal.Sync.Core.Sync.Notifications;

/// <summary>The mail server for notification e-mails, bound from <c>Smtp__*</c>. Without a host no e-mail is sent (the Notifications table still has it all).</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    public bool EnableSsl { get; set; }

    public string From { get; set; } = "fisikal-sync@localhost";

    public string? Username { get; set; }

    /// <summary>A secret: never logged.</summary>
    public string? Password { get; set; }
}

using System.Security.Cryptography;
using System.Text;

namespace Fisikal.Sync.Core.Storage;

/// <summary>An account name and key for Shared Key signing. The key never leaves this type.</summary>
public sealed class StorageSharedKeyCredential
{
    private readonly byte[] _key;

    public StorageSharedKeyCredential(string accountName, string accountKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountName);
        ArgumentException.ThrowIfNullOrEmpty(accountKey);
        AccountName = accountName;
        try
        {
            _key = Convert.FromBase64String(accountKey);
        }
        catch (FormatException)
        {
            // Say which setting is wrong, never what it holds.
            throw new FormatException($"The storage account key for '{accountName}' is not valid base64.");
        }
    }

    public string AccountName { get; }

    /// <summary>base64(HMAC-SHA256(key, UTF-8(stringToSign))).</summary>
    public string ComputeSignature(string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));

    public override string ToString() => $"StorageSharedKeyCredential({AccountName})";
}

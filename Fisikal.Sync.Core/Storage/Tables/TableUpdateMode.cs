namespace Fisikal.Sync.Core.Storage.Tables;

/// <summary>Merge keeps properties the request does not name; Replace removes them.</summary>
public enum TableUpdateMode
{
    Merge,
    Replace,
}

using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fisikal.Sync.Core.Sources.PerfectGymClassic;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Sources;

/// <summary>
/// PerfectGym classic publishes field names, not payloads (Published/README.md): every field our records read must be
/// one the published references name for that entity, spelled as they spell it, so a misreading of a name can't hide
/// behind a simulator written from the same reading.
/// </summary>
public sealed partial class PerfectGymClassicPublishedFieldsTests
{
    private static readonly string Folder = Path.Combine(RepositoryRoot.Path, "Fisikal.Sync.Tests", "Published", "PerfectGymClassic");

    public static TheoryData<string, Type> Records => new()
    {
        { "Members", typeof(PerfectGymClassicMember) },
        { "Contracts", typeof(PerfectGymClassicContract) },
        { "MemberProducts", typeof(PerfectGymClassicMemberProduct) },
        { "MemberClubVisits", typeof(PerfectGymClassicClubVisit) },
        { "PaymentPlans", typeof(PerfectGymClassicCatalogEntry) },
    };

    [Theory]
    [MemberData(nameof(Records))]
    public void Every_field_we_read_is_a_published_field_of_its_entity(string entitySet, Type record)
    {
        var published = PublishedFields(entitySet);
        var read = record.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToList();

        Assert.NotEmpty(published);
        Assert.All(read, field => Assert.Contains(field, published));
    }

    /// <summary>The v2.2 notes' list for the set, and for Contracts also the v1 properties table (which names isDeleted).</summary>
    private static HashSet<string> PublishedFields(string entitySet)
    {
        var notes = File.ReadAllText(Path.Combine(Folder, "NOTES-v2-odata.md"));
        var line = Regex.Match(notes, $@"^- {Regex.Escape(entitySet)}: (.*)$", RegexOptions.Multiline).Groups[1].Value;
        var fields = FieldName().Matches(Regex.Replace(line, @"\([^)]*\)", string.Empty)).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        if (entitySet == "Contracts")
        {
            var v1 = File.ReadAllText(Path.Combine(Folder, "v1-docs", "contracts.md"));
            fields.UnionWith(Regex.Matches(v1, @"^`(\w+)`\s*\|", RegexOptions.Multiline).Select(m => m.Groups[1].Value));
        }

        return fields;
    }

    [GeneratedRegex(@"\b[a-z][A-Za-z]*\b")]
    private static partial Regex FieldName();
}

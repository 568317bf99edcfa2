using System.Reflection;
using System.Text.Json.Nodes;
using LibraryTraining.Storage;

namespace LibraryTraining.Tests.Infra;

[Collection(InfraTests.Name)]
public sealed class StorageAccountTests(CompiledTemplate template)
{
    [Fact]
    public void StorageAccount_Declared_RefusesSharedKeysOldTlsAndPublicBlobs()
    {
        var properties = Assert.Single(template.ResourcesOfType("Microsoft.Storage/storageAccounts"))["properties"]!;

        Assert.False((bool)properties["allowSharedKeyAccess"]!);
        Assert.False((bool)properties["allowBlobPublicAccess"]!);
        Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
    }

    [Fact]
    public void StorageAccount_EveryTableAndContainerTheCodeNames_IsDeclared()
    {
        var storageModule = template.ModuleDeclaring("Microsoft.Storage/storageAccounts");
        var declared = Names(template.ModuleParameter(storageModule, "tables"))
            .Concat(Names(template.ModuleParameter(storageModule, "containers")))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        var named = typeof(StorageTables).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        Assert.NotEmpty(named);
        Assert.All(named, name => Assert.Contains(name, declared));
    }

    static IEnumerable<string> Names(JsonNode? list) =>
        list is JsonArray array ? array.Select(n => (string)n!) : throw new InvalidOperationException($"Expected a literal list, got {list}.");
}

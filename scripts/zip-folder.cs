#:property PublishAot=false
// Zips a folder (its contents at the zip's root), keeping Unix file modes: `dotnet scripts/zip-folder.cs <folder> <zip>`.
using System.IO.Compression;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: dotnet scripts/zip-folder.cs <folder> <zip>");
    return 2;
}

ZipFile.CreateFromDirectory(args[0], args[1], CompressionLevel.Optimal, includeBaseDirectory: false);
return 0;

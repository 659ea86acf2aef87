using System.Xml.Linq;
using ChestScreener.Tests;

namespace ChestScreener.Cli.Tests;

/// <summary>
/// docs/ARCHITECTURE.md's project graph is the one the .csproj files build: a reference added or removed without the
/// document (or the other way round) fails here. The test lives in Cli.Tests because Cli sees every product project.
/// </summary>
public class ArchitectureGraphTests
{
    private const string Prefix = "ChestScreener.";

    [Fact]
    public void Documented_graph_equals_the_project_references()
    {
        var root = TestData.RepoRoot;
        var documented = ArchitectureGraph.ParseDocument(File.ReadAllText(Path.Combine(root, "docs", "ARCHITECTURE.md")));
        var actual = ArchitectureGraph.FromProjects(Path.Combine(root, "src"));

        var missingFromDoc = actual.Edges.Except(documented.Edges).Order().ToList();
        var notInProjects = documented.Edges.Except(actual.Edges).Order().ToList();
        Assert.True(missingFromDoc.Count == 0 && notInProjects.Count == 0,
            "docs/ARCHITECTURE.md project-graph differs from src/**/*.csproj: "
            + $"references not in the document: [{string.Join(", ", missingFromDoc)}]; "
            + $"documented but not referenced: [{string.Join(", ", notInProjects)}]");
        // A new project with no references of its own (nor referenced) would not show up in the edges.
        Assert.Equal(actual.Projects.Order(), documented.Projects.Order());
    }

    [Fact]
    public void Parser_reads_the_real_projects_and_sees_a_change()
    {
        var actual = ArchitectureGraph.FromProjects(Path.Combine(TestData.RepoRoot, "src"));
        // Facts the house rules rest on: Core references nothing, nothing references Training or Cli.
        Assert.Contains("Imaging -> Core", actual.Edges);
        Assert.DoesNotContain(actual.Edges, e => e.StartsWith("Core ->", StringComparison.Ordinal));
        Assert.DoesNotContain(actual.Edges, e => e.EndsWith("-> Training", StringComparison.Ordinal) || e.EndsWith("-> Cli", StringComparison.Ordinal));
        Assert.True(actual.Projects.Count >= 11, $"only {actual.Projects.Count} projects found under src/");

        // The comparison is sensitive to a single added and a single removed line.
        var doc = "text\n```project-graph\nA -> B\nB -> C\n```\n";
        var g = ArchitectureGraph.ParseDocument(doc);
        Assert.Equal(["A -> B", "B -> C"], g.Edges.Order());
        Assert.Equal(["A", "B", "C"], g.Projects.Order());
        Assert.NotEqual(g.Edges.Order(), ArchitectureGraph.ParseDocument(doc.Replace("B -> C\n", "")).Edges.Order());
        Assert.NotEqual(g.Edges.Order(), ArchitectureGraph.ParseDocument(doc.Replace("B -> C\n", "B -> C\nC -> A\n")).Edges.Order());
    }

    [Fact]
    public void Document_without_a_graph_block_is_an_error()
    {
        Assert.Throws<InvalidDataException>(() => ArchitectureGraph.ParseDocument("# no graph here\n"));
        Assert.Throws<InvalidDataException>(() => ArchitectureGraph.ParseDocument("```project-graph\nA => B\n```\n"));
    }

    /// <summary>Project names without the "ChestScreener." prefix and edges "From -> To".</summary>
    private sealed record ArchitectureGraph(HashSet<string> Projects, HashSet<string> Edges)
    {
        public static ArchitectureGraph ParseDocument(string markdown)
        {
            var lines = markdown.Replace("\r", "").Split('\n');
            int start = Array.FindIndex(lines, l => l.Trim() == "```project-graph");
            if (start < 0) throw new InvalidDataException("no ```project-graph block");
            var g = new ArchitectureGraph([], []);
            for (int i = start + 1; i < lines.Length && lines[i].Trim() != "```"; i++)
            {
                var line = lines[i].Trim();
                if (line.Length == 0) continue;
                var parts = line.Split("->", StringSplitOptions.TrimEntries);
                if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                    throw new InvalidDataException($"project-graph line '{line}' is not 'From -> To'");
                g.Add(parts[0], parts[1]);
            }
            return g;
        }

        public static ArchitectureGraph FromProjects(string srcFolder)
        {
            var g = new ArchitectureGraph([], []);
            foreach (var csproj in Directory.EnumerateFiles(srcFolder, "*.csproj", SearchOption.AllDirectories))
            {
                if (csproj.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)) continue;
                var from = Short(Path.GetFileNameWithoutExtension(csproj));
                g.Projects.Add(from);
                foreach (var reference in XDocument.Load(csproj).Descendants("ProjectReference"))
                {
                    var include = reference.Attribute("Include")?.Value ?? throw new InvalidDataException($"{csproj}: ProjectReference without Include");
                    g.Add(from, Short(Path.GetFileNameWithoutExtension(include.Replace('\\', '/'))));
                }
            }
            return g;
        }

        private void Add(string from, string to)
        {
            Projects.Add(from);
            Projects.Add(to);
            Edges.Add($"{from} -> {to}");
        }

        private static string Short(string project) => project.StartsWith(Prefix, StringComparison.Ordinal) ? project[Prefix.Length..] : project;
    }
}

using System.Text.Json;
using ComputeGate.Store;
using ComputeGate.Store.Database;

namespace ComputeGate.Cli.Tests;

/// <summary>
/// A list import screens the parties already decided (end users, consignees of logged checks) against the
/// entries it changed, and a match opens a review case once per party and entry version.
/// </summary>
public sealed class ListChangeScreeningTests : StoreCommandTest
{
    private string List(string name, params string[] entities) => Dir.Write(name, JsonSerializer.Serialize(new
    {
        list_id = "test-list",
        count = entities.Length,
        entities = entities.Select(e => new { name = e, country = "CN" }),
    }));

    private JsonElement Import(string file)
    {
        var run = CliRunner.Invoke("lists", "import", file, "--db", Db, "--json");
        Assert.True(run.ExitCode == 0, run.Err);
        return JsonDocument.Parse(run.Out).RootElement.GetProperty("rescreened");
    }

    /// <summary>The open cases of list matches (the book's REVIEW lines are cases too, of the "decision" list).</summary>
    private IReadOnlyList<ReviewCase> OpenCases() => AllOpenCases().Where(c => c.List != CaseStore.DecisionList).ToList();

    private IReadOnlyList<ReviewCase> AllOpenCases()
    {
        using var store = StoreDatabase.Open(Db, TimeProvider.System);
        return new CaseStore(store, TimeProvider.System).OpenCases();
    }

    [Fact]
    public void EveryReviewLineOfACheckBecomesOneCaseAndAResumedBatchRaisesNoneAgain()
    {
        var orders = Path.Combine(CheckCommandTests.RepoRoot(), "examples", "orders.csv");
        var run = CliRunner.Invoke("check", orders, "--format", "jsonl", "--db", Db, "--batch-id", "b1");
        Assert.True(run.ExitCode == 0, run.Err);
        var review = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(d => d.GetProperty("verdict").GetString() == "REVIEW")
            .Select(d => d.GetProperty("line").GetInt64())
            .Order().ToList();
        Assert.NotEmpty(review);

        var cases = AllOpenCases().Where(c => c.List == CaseStore.DecisionList).ToList();
        Assert.Equal(review, cases.Select(c => c.LineNo!.Value).Order().ToList());
        Assert.All(cases, c => Assert.Equal($"b1:{c.LineNo}", c.EntryId));

        // The same batch again: every line is already logged, so no case is raised twice.
        Assert.Equal(0, CliRunner.Invoke("check", orders, "--format", "jsonl", "--db", Db, "--batch-id", "b1").ExitCode);
        Assert.Equal(cases.Count, AllOpenCases().Count(c => c.List == CaseStore.DecisionList));
    }

    [Fact]
    public void APartyAlreadyDecidedThatANewListEntryNamesOpensOneCase()
    {
        Assert.Equal(0, Import(List("v1.json", "Borealis Trading LLC")).GetProperty("parties").GetInt32()); // nothing decided yet

        var check = CliRunner.Invoke("check", Path.Combine(CheckCommandTests.RepoRoot(), "examples", "orders.csv"), "--format", "jsonl", "--db", Db);
        Assert.True(check.ExitCode == 0, check.Err);
        Assert.Empty(OpenCases());

        // The next snapshot lists one of the book's end users (other case and punctuation): screened again, one case.
        var v2 = Import(List("v2.json", "Borealis Trading LLC", "EXAMPLE MEMORY PACKAGING CO., LTD"));
        Assert.True(v2.GetProperty("parties").GetInt32() > 10, v2.ToString());
        Assert.Equal(1, v2.GetProperty("changedEntries").GetInt32()); // only the new entry, not Borealis
        Assert.Equal(1, v2.GetProperty("newCases").GetInt32());
        var raised = Assert.Single(OpenCases());
        Assert.Equal("Example Memory Packaging Co. Ltd.", raised.PartyName);
        Assert.Equal("test-list", raised.List);

        // The same file again changes no entry: nothing screened, no new case.
        var again = Import(List("v2-again.json", "Borealis Trading LLC", "EXAMPLE MEMORY PACKAGING CO., LTD"));
        Assert.Equal((0, 0), (again.GetProperty("changedEntries").GetInt32(), again.GetProperty("newCases").GetInt32()));

        // Cleared by a reviewer, the pair is not raised again while the entry is the same version...
        using (var store = StoreDatabase.Open(Db, TimeProvider.System))
        {
            new CaseStore(store, TimeProvider.System).Resolve(raised.Id, CaseResolution.Cleared, "reviewer@example.com", "a different company");
        }

        Assert.Empty(OpenCases());

        // ...and is raised again when the entry changes (a new version: here, its country).
        var changed = Dir.Write("v3.json", JsonSerializer.Serialize(new
        {
            list_id = "test-list",
            count = 2,
            entities = new object[] { new { name = "Borealis Trading LLC", country = "CN" }, new { name = "EXAMPLE MEMORY PACKAGING CO., LTD", country = "HK" } },
        }));
        Assert.Equal(1, Import(changed).GetProperty("newCases").GetInt32());
        Assert.Single(OpenCases());
    }
}

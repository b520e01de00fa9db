using MemoryBank.Cli.Tests.Infrastructure;

namespace MemoryBank.Cli.Tests.Sync;

/// <summary>
/// A save with edits to publish pushes before it fetches: one round trip to the remote when nobody else
/// published. When the remote moved, the push is refused, and the save fetches and reads everything again,
/// with the same result as a save that fetched first.
/// </summary>
public sealed class PushFirstTests
{
    private const string Lessons = "lessons-buffer.md";

    [Fact]
    public void Save_NothingIncoming_PublishesWithoutFetching()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");

        // A first sync records the base that later saves build on.
        scenario.Run(alice, "start").AssertSuccess();
        SyncScenario.AppendEntry(alice, Lessons, "pushed first");

        var result = scenario.Run(alice, "save", "--verbose").AssertSuccess();

        Assert.Contains("pushed first", scenario.RemoteBank(Lessons), StringComparison.Ordinal);
        Assert.DoesNotContain(" fetch ", result.StandardError, StringComparison.Ordinal);
        Assert.Contains(" push ", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(scenario.StatusLines(alice));
    }

    [Fact]
    public void Save_NothingToPublish_StillFetchesWhatOthersPublished()
    {
        using var scenario = new SyncScenario();
        var alice = AliceOneSaveBehindBob(scenario);

        var result = scenario.Run(alice, "save", "--verbose").AssertSuccess();

        Assert.Contains("from bob, later", SyncScenario.ReadBank(alice, Lessons), StringComparison.Ordinal);
        Assert.Empty(scenario.StatusLines(alice));

        // Nothing edited: it fetched once, pushed nothing, and read the base's bank only once (the look at
        // it that decided to fetch first is reused).
        var log = result.StandardError;
        Assert.Equal(1, CountOf(log, " fetch "));
        Assert.DoesNotContain(" push ", log, StringComparison.Ordinal);
        var baseRead = SyncScenario.Lines(log).First(l => l.Contains(" list the blobs of ", StringComparison.Ordinal));
        Assert.True(CountOf(log, baseRead) == 1, log);
    }

    [Fact]
    public void Save_RemoteMovedSinceTheLastFetch_RetriesOnTheFetchedTipAndTakesTheirEditsIn()
    {
        using var scenario = new SyncScenario();
        var alice = AliceOneSaveBehindBob(scenario);
        var logBefore = SyncScenario.SessionLogEntries(scenario.RemoteBank("SESSION_LOG.md"));
        SyncScenario.AppendEntry(alice, Lessons, "from alice");

        var result = scenario.Run(alice, "save", "--verbose").AssertSuccess();

        var remote = scenario.RemoteBank(Lessons)!;
        Assert.Contains("from bob, later", remote, StringComparison.Ordinal);
        Assert.Contains("from alice", remote, StringComparison.Ordinal);
        Assert.Equal(remote, SyncScenario.ReadBank(alice, Lessons));
        Assert.Equal(logBefore + 1, SyncScenario.SessionLogEntries(scenario.RemoteBank("SESSION_LOG.md")));
        // It pushed first, was refused, then fetched.
        var push = result.StandardError.IndexOf(" push ", StringComparison.Ordinal);
        var fetch = result.StandardError.IndexOf(" fetch ", StringComparison.Ordinal);
        Assert.True(push >= 0 && fetch > push, result.StandardError);
        Assert.Empty(scenario.StatusLines(alice));
    }

    /// <summary>
    /// A save killed after its push, before it recorded the new remote tip: the next save pushes first on the
    /// old tip, is refused, and finds its edits already published. It must not log them a second time.
    /// </summary>
    [Fact]
    public void Save_EditsAlreadyPublishedByAKilledSave_LogsThemOnce()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        scenario.Run(alice, "start").AssertSuccess();
        var before = scenario.RemoteTip();
        SyncScenario.AppendEntry(alice, Lessons, "saved once");
        var crashed = scenario.RunWith(alice, new Dictionary<string, string> { ["MEMORYBANK_CRASH_AT"] = "after-push" }, "save", "-m", "first try");
        Assert.True(crashed.ExitCode != 0, SyncScenario.Describe(crashed));
        var published = scenario.RemoteTip();
        var logEntries = SyncScenario.SessionLogEntries(scenario.RemoteBank("SESSION_LOG.md"));

        // As if killed between the push and the remote-tracking ref's update.
        scenario.Git(alice, "update-ref", "refs/remotes/origin/main", before);

        scenario.Run(alice, "save", "-m", "second try").AssertSuccess();

        Assert.Equal(published, scenario.RemoteTip());
        Assert.DoesNotContain("second try", scenario.RemoteBank("SESSION_LOG.md"), StringComparison.Ordinal);
        Assert.Equal(logEntries, SyncScenario.SessionLogEntries(scenario.RemoteBank("SESSION_LOG.md")));
        Assert.Equal(1, SyncScenario.CountLines(scenario.RemoteBank(Lessons), SyncScenario.ReadBank(alice, Lessons).Split('\n').Single(l => l.Contains("saved once", StringComparison.Ordinal))));
        Assert.Empty(scenario.StatusLines(alice));
    }

    // Alice synced after bob's first save ("from bob"); bob then published "from bob, later", which alice
    // has not fetched.
    private static string AliceOneSaveBehindBob(SyncScenario scenario)
    {
        var alice = scenario.AddClone("alice");
        var bob = scenario.AddClone("bob");
        SyncScenario.AppendEntry(bob, Lessons, "from bob");
        scenario.Run(bob, "save").AssertSuccess();
        scenario.Run(alice, "start").AssertSuccess();
        SyncScenario.AppendEntry(bob, Lessons, "from bob, later");
        scenario.Run(bob, "save").AssertSuccess();
        return alice;
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}

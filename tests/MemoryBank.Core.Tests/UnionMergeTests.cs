using MemoryBank.Core.Markdown;
using MemoryBank.Core.Merge;

namespace MemoryBank.Core.Tests;

public class UnionMergeTests
{
    private const string Log = "# Session log\n\n";
    private const string L1 = "- 2026-11-18 09:00 [dev] L1 parser spike\n";
    private const string L2 = "- 2026-11-19 09:00 [qa] L2 test plan\n";
    private const string L3 = "- 2026-11-19 15:00 [dev] L3 merge driver\n";
    private const string L4 = "- 2026-11-20 10:00 [dev] L4 release notes\n";
    private const string Early = "<!-- memory-bank: updated=2026-11-21T10:00:00Z by=laptop -->\n";
    private const string Late = "<!-- memory-bank: updated=2026-11-21T14:03:11Z by=desktop -->\n";

    private readonly UnionMerge _merge = new();
    private readonly UnionMerge _fullMerge = new() { AppendFastPath = false };

    /// <summary>Merges both ways round and checks the texts agree, so every test also checks commutativity.</summary>
    private MergeResult MergeBothWays(string @base, string ours, string theirs)
    {
        var result = _merge.Merge(@base, ours, theirs);
        var swapped = _merge.Merge(@base, theirs, ours);
        Assert.Equal(result.Text, swapped.Text);
        return result;
    }

    [Fact]
    public void Merge_OneSideHarvestedTheOtherAppended_OnlyTheNewEntryRemains()
    {
        // git's union driver resurrects L1-L3 here: it keeps every line either side has.
        var @base = Log + L1 + L2 + L3;
        var harvested = Log;
        var appended = Log + L1 + L2 + L3 + L4;

        var result = MergeBothWays(@base, harvested, appended);

        Assert.Equal(Log + L4, result.Text);
        Assert.Equal(3, result.Report.Removed);
        Assert.Equal(1, result.Report.AddedFromTheirs);
        Assert.Equal(0, result.Report.AddedFromOurs);
    }

    [Fact]
    public void Merge_BothAppendMultiLineSections_SectionsStayWholeAndInOrder()
    {
        // git's union driver interleaves these line by line and keeps one "- tests green".
        var @base = "# Session log\n\n## 2026-11-19 dev\n- earlier work\n\n";
        var dev = "## 2026-11-20 dev\n- fixed build\n- tests green\n";
        var qa = "## 2026-11-20 qa\n- ran suite\n- tests green\n";

        var result = MergeBothWays(@base, @base + dev, @base + qa);

        // dev ended its file; followed by qa, it takes the blank line its file puts between sections.
        Assert.Equal(@base + dev + "\n" + qa, result.Text);
        Assert.Equal(
            new[] { "## 2026-11-19 dev\n- earlier work", dev.TrimEnd('\n'), qa.TrimEnd('\n') },
            DocumentParser.Parse(result.Text).Entries.Select(e => e.Key));
    }

    [Fact]
    public void Merge_SameEntryAddedOnBothSidesAtDifferentPlaces_AppearsOnceInTheEarlierPlace()
    {
        var @base = Log + L1 + L2 + L3;
        var ours = Log + L1 + L4 + L2 + L3;
        var theirs = Log + L1 + L2 + L3 + L4;

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(Log + L1 + L4 + L2 + L3, result.Text);
        Assert.Equal(0, result.Report.AddedFromOurs);
        Assert.Equal(0, result.Report.AddedFromTheirs);
    }

    [Fact]
    public void Merge_SameEntryAppendedOnBothSidesWithOtherEntries_AppearsOnce()
    {
        var both = "- 2026-11-20 11:00 [pm] both sides wrote this\n";
        var @base = Log + L1;
        var ours = Log + L1 + "- 2026-11-20 10:00 [dev] ours\n" + both;
        var theirs = Log + L1 + both + "- 2026-11-20 12:00 [qa] theirs\n";

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(Log + L1 + "- 2026-11-20 10:00 [dev] ours\n" + both + "- 2026-11-20 12:00 [qa] theirs\n", result.Text);
    }

    [Fact]
    public void Merge_BothAppendAtTheEnd_ConcurrentEntriesLandInTimeOrder()
    {
        var @base = Log + L1;
        var ours = Log + L1 + "- 2026-11-20 10:00 [dev] a\n" + "- 2026-11-20 12:00 [dev] c\n";
        var theirs = Log + L1 + "- 2026-11-20T12:30:00+02:00 [qa] b is 10:30 UTC\n" + "- 2026-11-20 11:00 [qa] d\n";

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(
            Log + L1 + "- 2026-11-20 10:00 [dev] a\n" + "- 2026-11-20T12:30:00+02:00 [qa] b is 10:30 UTC\n"
                + "- 2026-11-20 11:00 [qa] d\n" + "- 2026-11-20 12:00 [dev] c\n",
            result.Text);
        Assert.Equal(2, result.Report.AddedFromOurs);
        Assert.Equal(2, result.Report.AddedFromTheirs);
    }

    [Fact]
    public void Merge_SameEditsAsMergeAndAsRebase_SameTextEitherWay()
    {
        // On `git merge` ours is the local clone and theirs the remote; on `git rebase` they swap. git's
        // union driver puts ours' lines first, so the two clones end up with different files.
        var @base = Log + L1;
        var local = Log + L1 + "- 2026-11-20 09:00 [dev] local\n";
        var remote = Log + L1 + "- 2026-11-20 08:00 [qa] remote\n";

        var onMerge = _merge.Merge(@base, ours: local, theirs: remote);
        var onRebase = _merge.Merge(@base, ours: remote, theirs: local);

        Assert.Equal(Log + L1 + "- 2026-11-20 08:00 [qa] remote\n" + "- 2026-11-20 09:00 [dev] local\n", onMerge.Text);
        Assert.Equal(onMerge.Text, onRebase.Text);
        Assert.Equal((1, 1), (onMerge.Report.AddedFromOurs, onMerge.Report.AddedFromTheirs));
    }

    [Fact]
    public void Merge_EachSideKeepsItsOwnOrder_EvenAgainstTimestamps()
    {
        var @base = Log + L1;
        var ours = Log + L1 + "- 2026-11-20 12:00 late first\n" + "- 2026-11-20 10:00 early second\n";
        var theirs = Log + L1 + "- 2026-11-20 11:00 theirs\n";

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(Log + L1 + "- 2026-11-20 11:00 theirs\n" + "- 2026-11-20 12:00 late first\n" + "- 2026-11-20 10:00 early second\n", result.Text);
    }

    [Fact]
    public void Merge_EntryRemovedOnOneSideAndEditedOnTheOther_TheEditedEntryIsKept()
    {
        var edited = "- 2026-11-19 09:00 [qa] L2 test plan, revised\n";
        var @base = Log + L1 + L2 + L3;

        var result = MergeBothWays(@base, Log + L1 + L3, Log + L1 + edited + L3);

        Assert.Equal(Log + L1 + edited + L3, result.Text);
        Assert.Equal(1, result.Report.Removed);
        Assert.Equal(1, result.Report.AddedFromTheirs);
    }

    [Fact]
    public void Merge_EntryRemovedOnOneSideUnchangedOnTheOther_StaysRemoved()
    {
        var @base = Log + L1 + L2 + L3;

        var result = MergeBothWays(@base, Log + L1 + L3, Log + L1 + L2 + L3 + L4);

        Assert.Equal(Log + L1 + L3 + L4, result.Text);
    }

    [Fact]
    public void Merge_SameEntryWithDifferentTrailingBlankLines_SideThatChangedItWins()
    {
        var @base = Log + L1 + L2;
        var ours = Log + L1 + "\n" + L2 + L3;
        var theirs = Log + L1 + L2 + L4;

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(Log + L1 + "\n" + L2 + L3 + L4, result.Text);
    }

    [Fact]
    public void Merge_BothSidesChangedAnEntrysLineEnding_OrdinalSmallerTextWins()
    {
        var @base = Log + L1 + L2;
        var ours = Log + L1.Replace("\n", "\r\n", StringComparison.Ordinal) + L2 + L3;
        var theirs = Log + L1 + "\n" + L2;

        var result = MergeBothWays(@base, ours, theirs);

        // "…\n\n" sorts before "…\r\n": '\n' is U+000A, '\r' is U+000D.
        Assert.Equal(Log + L1 + "\n" + L2 + L3, result.Text);
    }

    [Fact]
    public void Merge_LastEntryHadNoFinalNewline_JoinAddsTheFilesLineEnding()
    {
        var @base = "# Log\r\n\r\n- 2026-11-18 a\r\n- 2026-11-19 b";
        var ours = @base + "\r\n- 2026-11-20 c";
        var theirs = "# Log\r\n\r\n- 2026-11-17 z\r\n- 2026-11-18 a\r\n- 2026-11-19 b";

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal("# Log\r\n\r\n- 2026-11-17 z\r\n- 2026-11-18 a\r\n- 2026-11-19 b\r\n- 2026-11-20 c", result.Text);
    }

    [Fact]
    public void Merge_BothAddedAfterAnEntryWithoutFinalNewline_EntriesStaySeparate()
    {
        var @base = "# Log\n\n- 2026-11-18 a";
        var ours = "# Log\n\n- 2026-11-18 a\n- 2026-11-20 ours";
        var theirs = "# Log\n\n- 2026-11-18 a\n- 2026-11-19 theirs";

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal("# Log\n\n- 2026-11-18 a\n- 2026-11-19 theirs\n- 2026-11-20 ours", result.Text);
    }

    [Fact]
    public void Merge_ListItemWouldBecomeALazyContinuation_BlankLineKeepsItAnEntry()
    {
        // "2." cannot interrupt a paragraph, so right after ours' closing paragraph it would continue it.
        var @base = "# Log\n\n- 2026-11-18 a\n\nA note about a.\n";
        var ours = @base + "- 2026-11-20 ours\n\nA note about ours.\n";
        var theirs = @base + "\n2. 2026-11-21 theirs\n";

        var result = MergeBothWays(@base, ours, theirs);

        // Theirs' blank line after a was for "2.", which now follows ours' entry: the join from a to ours'
        // entry is ours', and the join before "2." gets the blank line it needs.
        Assert.Equal(
            "# Log\n\n- 2026-11-18 a\n\nA note about a.\n- 2026-11-20 ours\n\nA note about ours.\n\n2. 2026-11-21 theirs\n",
            result.Text);
        var entries = DocumentParser.Parse(result.Text).Entries;
        Assert.Equal(
            new[] { "- 2026-11-18 a\n\nA note about a.", "- 2026-11-20 ours\n\nA note about ours.", "2. 2026-11-21 theirs" },
            entries.Select(e => e.Key));
    }

    [Fact]
    public void Merge_SetextSectionAfterAParagraph_BlankLineKeepsItAnEntry()
    {
        var @base = "Log\n===\n\n2026-11-18 a\n---\nbody a\n\n";
        var ours = @base + "2026-11-20 ours\n---\nbody ours\n";
        var theirs = "Log\n===\n\n2026-11-18 a\n---\nbody a\n\n2026-11-19 theirs\n---\nbody theirs";

        var result = MergeBothWays(@base, ours, theirs);

        var entries = DocumentParser.Parse(result.Text).Entries;
        Assert.Equal(new[] { "2026-11-18 a\n---\nbody a", "2026-11-19 theirs\n---\nbody theirs", "2026-11-20 ours\n---\nbody ours" }, entries.Select(e => e.Key));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("# Log\n\n- a\n", "# Log\n\n- a\n- b\n")]
    [InlineData("# Log\n\n- a\n", "whatever\r\n\r\n## not even the same kind\r\n")]
    [InlineData("\uFEFF- a", "- a\n- b")]
    public void Merge_OneSideUnchangedOrBothEqual_ResultIsTheChangedTextExactly(string @base, string changed)
    {
        Assert.Equal(changed, _merge.Merge(@base, changed, changed).Text);
        Assert.Equal(changed, _merge.Merge(@base, @base, changed).Text);
        Assert.Equal(changed, _merge.Merge(@base, changed, @base).Text);
    }

    [Fact]
    public void Merge_OneSideUnchanged_ReportCountsTheOtherSidesChanges()
    {
        var result = _merge.Merge(Log + L1 + L2, Log + L1 + L2, Log + L2 + L3 + L4);

        Assert.Equal(Log + L2 + L3 + L4, result.Text);
        Assert.Equal(0, result.Report.AddedFromOurs);
        Assert.Equal(2, result.Report.AddedFromTheirs);
        Assert.Equal(1, result.Report.Removed);
        Assert.Empty(result.Report.Losers);
    }

    [Fact]
    public void Merge_BothChangedOnlyTheStampLine_LaterStampWinsAndNothingIsLost()
    {
        var @base = Early + Log + L1;
        var ours = Late + Log + L1 + L2;
        var theirs = Early.Replace("10:00", "11:00", StringComparison.Ordinal) + Log + L1 + L3;

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(Late + Log + L1 + L2 + L3, result.Text);
        Assert.Empty(result.Report.Losers);
    }

    [Fact]
    public void Merge_OneSideEditedThePreambleBothMovedTheStamp_KeepsTheEditAndTheLaterStamp()
    {
        var @base = Early + Log + L1;
        var ours = Early.Replace("10:00", "11:00", StringComparison.Ordinal) + "# Session log\n\nNewest last.\n\n" + L1;
        var theirs = Late + Log + L1 + L2;

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(Late + "# Session log\n\nNewest last.\n\n" + L1 + L2, result.Text);
        Assert.Empty(result.Report.Losers);
    }

    [Fact]
    public void Merge_BothEditedThePreamble_LaterStampWinsAndTheLoserIsReported()
    {
        var @base = Early + Log + L1;
        var ours = Late + "# Session log\n\nOurs intro.\n\n" + L1;
        var theirs = Early.Replace("10:00", "11:00", StringComparison.Ordinal) + "# Session log\n\nTheirs intro.\n\n" + L1 + L2;

        var result = _merge.Merge(@base, ours, theirs);
        var swapped = _merge.Merge(@base, theirs, ours);

        Assert.Equal(Late + "# Session log\n\nOurs intro.\n\n" + L1 + L2, result.Text);
        Assert.Equal(result.Text, swapped.Text);
        var loser = Assert.Single(result.Report.Losers);
        Assert.Equal(MergeSide.Theirs, loser.Side);
        Assert.Equal(string.Empty, loser.Section);
        Assert.Equal(theirs, loser.Text);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 11, 0, 0, TimeSpan.Zero), loser.Stamp!.Updated);
        Assert.Equal(MergeSide.Ours, Assert.Single(swapped.Report.Losers).Side);
    }

    [Fact]
    public void Merge_BothEditedThePreambleWithoutStamps_OrdinalLargerPreambleWins()
    {
        var @base = "# Log\n\nintro\n\n" + L1;
        var ours = "# Log\n\nA intro\n\n" + L1;
        var theirs = "# Log\n\nB intro\n\n" + L1 + L2;

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal("# Log\n\nB intro\n\n" + L1 + L2, result.Text);
        Assert.DoesNotContain("<<<<<<<", result.Text, StringComparison.Ordinal);
        Assert.Equal(MergeSide.Ours, Assert.Single(result.Report.Losers).Side);
    }

    [Fact]
    public void Merge_DuplicateEntriesInBase_RemovingOneCopyRemovesOneCopy()
    {
        var dup = "- same line\n";
        var @base = Log + dup + L1 + dup;

        var result = MergeBothWays(@base, Log + dup + L1, Log + dup + L1 + dup + L2);

        Assert.Equal(Log + dup + L1 + L2, result.Text);
    }

    [Theory]
    [InlineData("\n", true)]
    [InlineData("\n", false)]
    [InlineData("\r\n", true)]
    [InlineData("\r\n", false)]
    public void Merge_LocalIsAnOlderStateOfRemote_ResultIsRemoteByteForByte(string lineEnding, bool finalNewline)
    {
        // docs/performance.md: local pulled b2 as its last entry, so its copy has no blank line after it;
        // remote appended b3 after b2. Keeping local's copy of b2 lost the blank line before b3, and the
        // next `git pull` refused to overwrite the changed work tree.
        static string Section(string time, string persona) =>
            $"## 2026-01-01T{time}:00Z {persona}\n- host: h\n- branch: main\n- changes: lessons-buffer.md +1/-0\n";
        string Shape(string text) => (finalNewline ? text : text.TrimEnd('\n')).Replace("\n", lineEnding, StringComparison.Ordinal);
        var log = "# Session log\n\n" + Section("08:00", "alice") + "\n" + Section("09:00", "bob");
        var local = log + "\n" + Section("10:00", "bob");
        var remote = local + "\n" + Section("11:00", "bob");

        foreach (var merge in new[] { _merge, _fullMerge })
        {
            Assert.Equal(Shape(remote), merge.Merge(Shape(log), Shape(local), Shape(remote)).Text);
            Assert.Equal(Shape(remote), merge.Merge(Shape(log), Shape(remote), Shape(local)).Text);
        }
    }

    [Fact]
    public void Merge_RemoteInsertedBeforeAnEntryBothAdded_KeepsRemotesOrder()
    {
        // Local added L3; remote has L3 too, and put an entry before it that is dated later.
        var later = "- 2026-11-21 08:00 [qa] inserted before L3 on remote\n";
        var @base = Log + L1 + L2;
        var local = Log + L1 + L2 + L3;
        var remote = Log + L1 + L2 + later + L3 + L4;

        var result = MergeBothWays(@base, local, remote);

        Assert.Equal(remote, result.Text);
        Assert.Equal((0, 2), (result.Report.AddedFromOurs, result.Report.AddedFromTheirs));
    }

    [Fact]
    public void Merge_RemoteRemovedTheTrailingBlankLineLocalAdded_ResultIsRemote()
    {
        // Local removed L2 and so ended with L1, without the blank line; remote did the same, then appended.
        var @base = Log + L1 + "\n" + L2;
        var local = Log + L1;
        var remote = Log + L1 + "\n" + L3;

        Assert.Equal(remote, MergeBothWays(@base, local, remote).Text);
    }

    [Fact]
    public void Merge_BothAppendedToASessionLog_OnlyTheAppendedPartsAreMergedAndBlankLinesSeparateEverySection()
    {
        static string Section(int hour, string persona) => $"## 2026-11-21T{hour:00}:00:00Z {persona}\n- host: h\n- branch: main\n";
        var @base = Log + Section(8, "alice") + "\n" + Section(9, "bob");
        var ours = @base + "\n" + Section(10, "alice") + "\n" + Section(12, "alice");
        var theirs = @base + "\n" + Section(11, "bob") + "\n" + Section(13, "bob");

        var fast = _merge.MergeWithEntries(@base, ours, theirs);
        var full = _fullMerge.MergeWithEntries(@base, ours, theirs);

        Assert.Null(fast.Entries);
        Assert.NotNull(full.Entries);
        Assert.Equal(
            @base + "\n" + string.Join("\n", new[] { Section(10, "alice"), Section(11, "bob"), Section(12, "alice"), Section(13, "bob") }),
            fast.Result.Text);
        Assert.Equal(full.Result.Text, fast.Result.Text);
        Assert.Equal((2, 2, 0), (fast.Result.Report.AddedFromOurs, fast.Result.Report.AddedFromTheirs, fast.Result.Report.Removed));
        Assert.Equal(full.Result.Report, fast.Result.Report);
    }

    [Theory]
    [InlineData("  - a nested line continues L2\n", "- 2026-11-21 [qa] appended\n")]
    [InlineData("\nA paragraph that joins L2.\n", "- 2026-11-21 [qa] appended\n")]
    [InlineData("- 2026-11-21 [dev] appended\n", "- 2026-11-21 [dev] appended\n")]
    [InlineData("## A heading makes it a section file\n", "- 2026-11-21 [qa] appended\n")]
    [InlineData("\n2. an ordered item after a blank line\n", "")]
    public void Merge_BothSidesExtendBase_SameTextAsTheFullMerge(string oursAppended, string theirsAppended)
    {
        var @base = Log + L1 + L2;

        var fast = _merge.Merge(@base, @base + oursAppended, @base + theirsAppended);
        var full = _fullMerge.Merge(@base, @base + oursAppended, @base + theirsAppended);

        Assert.Equal(full.Text, fast.Text);
        Assert.Equal(
            (full.Report.AddedFromOurs, full.Report.AddedFromTheirs, full.Report.Removed),
            (fast.Report.AddedFromOurs, fast.Report.AddedFromTheirs, fast.Report.Removed));
    }

    [Theory]
    [InlineData("```\n## not a heading\n")]
    [InlineData("<!-- a comment that stays open\n")]
    [InlineData("<div>\n")]
    public void Merge_BaseEndsInsideABlockThatSwallowsHeadings_FallsBackToTheFullMerge(string opener)
    {
        var @base = "# Log\n\n## 2026-11-20 a\n" + opener;
        var ours = @base + "## 2026-11-21 b\n";
        var theirs = @base + "## 2026-11-22 c\n";

        var fast = _merge.MergeWithEntries(@base, ours, theirs);

        Assert.NotNull(fast.Entries);
        Assert.Equal(_fullMerge.Merge(@base, ours, theirs).Text, fast.Result.Text);
    }
}

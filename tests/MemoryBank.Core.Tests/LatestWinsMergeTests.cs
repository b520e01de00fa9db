using MemoryBank.Core.Merge;

namespace MemoryBank.Core.Tests;

public class LatestWinsMergeTests
{
    private const string Early = "<!-- memory-bank: updated=2026-11-21T10:00:00Z by=laptop -->\n";
    private const string Late = "<!-- memory-bank: updated=2026-11-21T14:03:11Z by=desktop -->\n";

    private readonly LatestWinsMerge _merge = new();

    private static string Doc(string? stamp, params string[] sections) =>
        (stamp ?? string.Empty) + "# Active context\n\n" + string.Concat(sections);

    /// <summary>Merges both ways round and checks the texts agree, so every test also checks commutativity.</summary>
    private MergeResult MergeBothWays(string @base, string ours, string theirs)
    {
        var result = _merge.Merge(@base, ours, theirs);
        var swapped = _merge.Merge(@base, theirs, ours);
        Assert.Equal(result.Text, swapped.Text);
        return result;
    }

    [Fact]
    public void Merge_SameEditsAsMergeAndAsRebase_StampDecidesNotSide()
    {
        // On `git merge` ours is the local clone and theirs the remote; on `git rebase` they swap. The later
        // stamp (the remote, here) must win either way.
        var @base = Doc(Early, "## Focus\nold focus\n", "## Next\nnothing\n");
        var local = Doc(Early.Replace("10:00", "11:00", StringComparison.Ordinal), "## Focus\nlocal focus\n", "## Next\nnothing\n");
        var remote = Doc(Late, "## Focus\nremote focus\n", "## Next\nnothing\n");

        var onMerge = _merge.Merge(@base, ours: local, theirs: remote);
        var onRebase = _merge.Merge(@base, ours: remote, theirs: local);

        Assert.Equal(Doc(Late, "## Focus\nremote focus\n", "## Next\nnothing\n"), onMerge.Text);
        Assert.Equal(onMerge.Text, onRebase.Text);
        Assert.Equal(MergeSide.Ours, Assert.Single(onMerge.Report.Losers).Side);
        Assert.Equal(MergeSide.Theirs, Assert.Single(onRebase.Report.Losers).Side);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Merge_OneSideHasNoStamp_StampedSideWins(bool oursHasStamp)
    {
        var @base = Doc(null, "## Focus\nold\n");
        var stamped = Doc(Early, "## Focus\nstamped\n");
        var unstamped = Doc(null, "## Focus\nunstamped\n");

        var result = oursHasStamp ? MergeBothWays(@base, stamped, unstamped) : MergeBothWays(@base, unstamped, stamped);

        Assert.Equal(stamped, result.Text);
        var loser = Assert.Single(result.Report.Losers);
        Assert.Equal(oursHasStamp ? MergeSide.Theirs : MergeSide.Ours, loser.Side);
        Assert.Equal(unstamped, loser.Text);
        Assert.Null(loser.Stamp);
    }

    [Theory]
    [InlineData(Early, Early)]
    [InlineData(null, null)]
    public void Merge_EqualStamps_OrdinalLargerTextWinsWhicheverSideIsOurs(string? oursStamp, string? theirsStamp)
    {
        var @base = Doc(oursStamp, "## Focus\nold\n");
        var ours = Doc(oursStamp, "## Focus\napple\n");
        var theirs = Doc(theirsStamp, "## Focus\nbanana\n");

        var result = MergeBothWays(@base, ours, theirs);
        var again = _merge.Merge(@base, ours, theirs);

        Assert.Equal(theirs, result.Text);
        Assert.Equal(result, again, new ResultComparer());
        Assert.Equal(ours, Assert.Single(result.Report.Losers).Text);
    }

    [Fact]
    public void Merge_EqualTimesDifferentPersonas_PersonaOrdinalDecides()
    {
        var byAlice = "<!-- memory-bank: updated=2026-11-21T10:00:00Z by=alice -->\n";
        var byBob = "<!-- memory-bank: updated=2026-11-21T10:00:00Z by=bob -->\n";
        var @base = Doc(Early, "## Focus\nold\n");

        // The persona decides before the text does, so alice's ordinal-larger body still loses to bob.
        var result = MergeBothWays(@base, Doc(byAlice, "## Focus\nzzz\n"), Doc(byBob, "## Focus\naaa\n"));

        Assert.Equal(Doc(byBob, "## Focus\naaa\n"), result.Text);
    }

    [Fact]
    public void Merge_BothChangedTwoSections_EachLoserCarriesWholeLosingFileAndStamp()
    {
        var @base = Doc(Early, "## Focus\nf0\n", "## Next\nn0\n", "## Notes\nkeep\n");
        var ours = Doc(Early, "## Focus\nf1\n", "## Next\nn1\n", "## Notes\nkeep\n");
        var theirs = Doc(Late, "## Focus\nf2\n", "## Next\nn2\n", "## Notes\nkeep\n");

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(theirs, result.Text);
        Assert.Collection(
            result.Report.Losers,
            loser => Assert.Equal(new LosingText(MergeSide.Ours, "## Focus", ours, UpdateStamp.TryRead(Early)), loser),
            loser => Assert.Equal(new LosingText(MergeSide.Ours, "## Next", ours, UpdateStamp.TryRead(Early)), loser));
        Assert.Equal(0, result.Report.AddedFromOurs);
        Assert.Equal(0, result.Report.AddedFromTheirs);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public void Merge_EachSideChangedADifferentSection_BothChangesKeptAndNewerStampCarried(bool oursChangesFocus, bool oursIsLater)
    {
        var @base = Doc(Early, "## Focus\nf0\n", "## Next\nn0\n");
        var focusEdit = "## Focus\nf1\n";
        var nextEdit = "## Next\nn1\n";
        var oursStamp = oursIsLater ? Late : Early;
        var theirsStamp = oursIsLater ? Early : Late;
        var ours = oursChangesFocus ? Doc(oursStamp, focusEdit, "## Next\nn0\n") : Doc(oursStamp, "## Focus\nf0\n", nextEdit);
        var theirs = oursChangesFocus ? Doc(theirsStamp, "## Focus\nf0\n", nextEdit) : Doc(theirsStamp, focusEdit, "## Next\nn0\n");

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(Doc(Late, focusEdit, nextEdit), result.Text);
        Assert.Empty(result.Report.Losers);
        Assert.Equal(1, result.Report.AddedFromOurs);
        Assert.Equal(1, result.Report.AddedFromTheirs);
    }

    [Fact]
    public void Merge_OlderSideChangedOnlySection_OlderChangeStillTaken()
    {
        var @base = Doc(Early, "## Focus\nf0\n", "## Next\nn0\n");
        var ours = Doc(Early.Replace("10:00", "10:30", StringComparison.Ordinal), "## Focus\nolder edit\n", "## Next\nn0\n");
        var theirs = Doc(Late, "## Focus\nf0\n", "## Next\nn0\n", "## Risks\nnew\n");

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(Doc(Late, "## Focus\nolder edit\n", "## Next\nn0\n", "## Risks\nnew\n"), result.Text);
        Assert.Empty(result.Report.Losers);
    }

    [Fact]
    public void Merge_LoserAddedSections_InsertedAfterTheirPredecessorInLoserOrder()
    {
        var @base = Doc(Early, "## A\na\n", "## B\nb\n");
        var ours = Doc(Early, "## Start\ns\n", "## A\na\n", "## A2\nx\n", "## A3\ny\n", "## B\nb\n");
        var theirs = Doc(Late, "## B\nb\n", "## A\na\n", "## C\nc\n");

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(Doc(Late, "## Start\ns\n", "## B\nb\n", "## A\na\n", "## A2\nx\n", "## A3\ny\n", "## C\nc\n"), result.Text);
        Assert.Equal(3, result.Report.AddedFromOurs);
        Assert.Equal(1, result.Report.AddedFromTheirs);
        Assert.Equal(0, result.Report.Removed);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Merge_SectionRemovedOnOneSideUnchangedOnOther_Removed(bool oursRemoves)
    {
        var @base = Doc(Early, "## Focus\nf\n", "## Old\ngone\n", "## Next\nn\n");
        var removed = Doc(oursRemoves ? Early : Late, "## Focus\nf\n", "## Next\nn\n");
        var unchanged = Doc(oursRemoves ? Late : Early, "## Focus\nf changed\n", "## Old\ngone\n", "## Next\nn\n");

        var result = oursRemoves ? MergeBothWays(@base, removed, unchanged) : MergeBothWays(@base, unchanged, removed);

        Assert.Equal(Doc(Late, "## Focus\nf changed\n", "## Next\nn\n"), result.Text);
        Assert.Equal(1, result.Report.Removed);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Merge_SectionRemovedOnLaterSideButChangedOnOlder_ChangeKept(bool oursRemoves)
    {
        var @base = Doc(Early, "## Focus\nf\n", "## Old\nv1\n");
        var removedLater = Doc(Late, "## Focus\nf\n");
        var changedOlder = Doc(Early, "## Focus\nf\n", "## Old\nv2\n");

        var result = oursRemoves ? MergeBothWays(@base, removedLater, changedOlder) : MergeBothWays(@base, changedOlder, removedLater);

        Assert.Equal(Doc(Late, "## Focus\nf\n", "## Old\nv2\n"), result.Text);
        Assert.Empty(result.Report.Losers);
        Assert.Equal(0, result.Report.Removed);
    }

    [Fact]
    public void Merge_SectionAddedOnBothSidesDifferently_LaterWinsAndLoserReported()
    {
        var @base = Doc(Early, "## Focus\nf\n");
        var ours = Doc(Late, "## Focus\nf\n", "## Risks\nours\n");
        var theirs = Doc(Early, "## Focus\nf\n", "## Risks\ntheirs\n");

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(ours, result.Text);
        var loser = Assert.Single(result.Report.Losers);
        Assert.Equal(new LosingText(MergeSide.Theirs, "## Risks", theirs, UpdateStamp.TryRead(Early)), loser);
    }

    [Theory]
    [InlineData("```")]
    [InlineData("~~~")]
    [InlineData("````markdown")]
    public void Merge_FencedCodeContainsHeadingLine_FenceStaysInsideItsSection(string fence)
    {
        var close = fence.TrimEnd("markdown".ToCharArray());
        string Notes(string before, string after) => $"## Notes\n{before}\n{fence}\n## not a heading\n{after}\n{close}\n";
        var @base = Doc(Early, Notes("b", "a"), "## Next\nn\n");
        var ours = Doc(Late, Notes("b ours", "a"), "## Next\nn\n");
        var theirs = Doc(Early, Notes("b", "a theirs"), "## Next\nn\n");

        var result = MergeBothWays(@base, ours, theirs);

        // Were the fenced line a heading, the two edits would land in different sections and both survive.
        Assert.Equal(ours, result.Text);
        Assert.Equal("## Notes", Assert.Single(result.Report.Losers).Section);
    }

    [Fact]
    public void Merge_UnclosedFence_RestOfFileIsOneSection()
    {
        var @base = Doc(Early, "## Notes\n```\ncode\n## Next\nn\n");
        var ours = Doc(Early, "## Notes\n```\ncode\n## Next\nn ours\n");
        var theirs = Doc(Late, "## Notes\n```\ncode changed\n## Next\nn\n");

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(theirs, result.Text);
        Assert.Equal("## Notes", Assert.Single(result.Report.Losers).Section);
    }

    [Fact]
    public void Merge_HeadingsIndentedFourSpacesOrLevelThree_AreNotSectionBoundaries()
    {
        var @base = Doc(Early, "## Notes\nx\n    ## indented code\n### Sub\ny\n");
        var ours = Doc(Early, "## Notes\nx ours\n    ## indented code\n### Sub\ny\n");
        var theirs = Doc(Late, "## Notes\nx\n    ## indented code\n### Sub\ny theirs\n");

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(theirs, result.Text);
        Assert.Single(result.Report.Losers);
    }

    [Fact]
    public void Merge_CrlfFiles_KeepCrlfEverywhere()
    {
        static string Crlf(string text) => text.Replace("\n", "\r\n", StringComparison.Ordinal);
        var @base = Crlf(Doc(Early, "## Focus\nf\n", "## Next\nn\n"));
        var ours = Crlf(Doc(Early, "## Focus\nf ours\n", "## Next\nn\n", "## Added\na\n"));
        var theirs = Crlf(Doc(Late, "## Focus\nf\n", "## Next\nn theirs\n"));

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(Crlf(Doc(Late, "## Focus\nf ours\n", "## Next\nn theirs\n", "## Added\na\n")), result.Text);
        Assert.DoesNotContain("\n", result.Text.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_PieceWithoutFinalNewlineFollowedByAnother_SeparatedByItsLineEnding()
    {
        var @base = "## A\r\na\r\n## B\r\nb";
        var ours = Late + "## A\r\na\r\n## B\r\nb changed";
        var theirs = Early + "## A\r\na\r\n## B\r\nb\r\n## C\r\nc";

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(Late + "## A\r\na\r\n## B\r\nb changed\r\n## C\r\nc", result.Text);
    }

    [Fact]
    public void Merge_SectionDiffersOnlyInFinalNewline_NotAnEdit()
    {
        // Appending after the last section gives it a final newline; that must not count as a change.
        var @base = Doc(Early, "## A\na\n", "## B\nb");
        var ours = Doc(Late, "## A\na\n", "## B\nb\n", "## C\nc\n");
        var theirs = Doc(Early, "## A\na\n", "## B\nb theirs");

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(Doc(Late, "## A\na\n", "## B\nb theirs\n", "## C\nc\n"), result.Text);
        Assert.Empty(result.Report.Losers);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Merge_NoSectionsAnywhere_WholeFileLatestWins(bool oursIsLater)
    {
        var @base = Early + "Working on the parser.\n";
        var ours = (oursIsLater ? Late : Early) + "Working on the merge driver.\n";
        var theirs = (oursIsLater ? Early : Late) + "Working on docs.\n";

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(oursIsLater ? ours : theirs, result.Text);
        var loser = Assert.Single(result.Report.Losers);
        Assert.Equal(string.Empty, loser.Section);
        Assert.Equal(oursIsLater ? theirs : ours, loser.Text);
    }

    [Fact]
    public void Merge_HeadChangedOnOneSideSectionOnOther_BothKept()
    {
        var @base = Early + "# Context\n\n## Focus\nf\n";
        var ours = Early + "# Context\nintro added\n\n## Focus\nf\n";
        var theirs = Late + "# Context\n\n## Focus\nf theirs\n";

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(Late + "# Context\nintro added\n\n## Focus\nf theirs\n", result.Text);
    }

    [Fact]
    public void Merge_LaterSideOnlyRestamped_CarriesLaterStampAndOlderEdit()
    {
        var @base = Doc(Early, "## Focus\nf\n", "## Next\nn\n");
        var ours = Doc(Late, "## Focus\nf\n", "## Next\nn\n");
        var theirs = Doc(Early.Replace("10:00", "12:00", StringComparison.Ordinal), "## Focus\nf\n", "## Next\nn ours\n");

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(Doc(Late, "## Focus\nf\n", "## Next\nn ours\n"), result.Text);
    }

    [Fact]
    public void Merge_DuplicateHeadings_MatchedByOccurrence()
    {
        var @base = Doc(Early, "## Note\nfirst\n", "## Note\nsecond\n");
        var ours = Doc(Early, "## Note\nfirst ours\n", "## Note\nsecond\n");
        var theirs = Doc(Late, "## Note\nfirst\n", "## Note  \nsecond theirs\n");

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(Doc(Late, "## Note\nfirst ours\n", "## Note  \nsecond theirs\n"), result.Text);
        Assert.Empty(result.Report.Losers);
    }

    [Theory]
    [InlineData(false, false, true, true)]
    [InlineData(false, true, false, true)]
    [InlineData(true, false, true, false)]
    [InlineData(true, true, true, true)]
    [InlineData(true, false, false, false)]
    public void Merge_BomPresence_MergedAsThreeWayFlag(bool baseBom, bool oursBom, bool theirsBom, bool expected)
    {
        static string Bom(bool bom, string text) => (bom ? "\uFEFF" : string.Empty) + text;
        var @base = Bom(baseBom, Doc(Early, "## A\na\n", "## B\nb\n"));
        var ours = Bom(oursBom, Doc(Early, "## A\na ours\n", "## B\nb\n"));
        var theirs = Bom(theirsBom, Doc(Late, "## A\na\n", "## B\nb theirs\n"));

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(Bom(expected, Doc(Late, "## A\na ours\n", "## B\nb theirs\n")), result.Text);
    }

    [Theory]
    [InlineData("base", "base", "theirs", "theirs")]
    [InlineData("base", "ours", "base", "ours")]
    [InlineData("base", "same", "same", "same")]
    public void Merge_OneSideUnchanged_ReturnsOtherSideExactly(string @base, string ours, string theirs, string expected)
    {
        string Version(string name) => name switch
        {
            "base" => Doc(Early, "## A\na\n"),
            "ours" => Doc(null, "## A\nours\n"),
            "theirs" => Doc(null, "## A\ntheirs\n", "## B\nb"),
            _ => Doc(null, "## A\nsame\n"),
        };

        var result = _merge.Merge(Version(@base), Version(ours), Version(theirs));

        // Even though the changed side has no stamp, the unchanged side brings nothing to merge.
        Assert.Equal(Version(expected), result.Text);
        Assert.Empty(result.Report.Losers);
    }

    [Fact]
    public void Merge_OneSideUnchanged_ReportCountsOtherSidesChanges()
    {
        var @base = Doc(Early, "## A\na\n", "## B\nb\n", "## C\nc\n");
        var theirs = Doc(Late, "## A\na changed\n", "## C\nc\n", "## D\nd\n");

        var result = _merge.Merge(@base, @base, theirs);

        Assert.Equal(new MergeReport(0, 2, 1, Array.Empty<LosingText>()), result.Report, new ReportComparer());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Merge_RandomEdits_CommutativeIdempotentAndLosesNoEdit(int seed)
    {
        var random = new Random(seed);
        var conflicts = 0;
        for (var i = 0; i < 100; i++)
        {
            var label = $"seed {seed}, case {i}";
            var @base = RandomDoc.Create(random);
            var ours = RandomDoc.Mutate(random, @base);
            var theirs = RandomDoc.Mutate(random, @base);
            var (b, o, t) = (@base.ToText(), ours.ToText(), theirs.ToText());

            var result = _merge.Merge(b, o, t);
            var swapped = _merge.Merge(b, t, o);

            Assert.True(result.Text == swapped.Text, $"{label}: not commutative.\nbase:\n{b}\nours:\n{o}\ntheirs:\n{t}");
            Assert.True(_merge.Merge(b, o, o).Text == o, $"{label}: merge(B, X, X) != X");
            Assert.True(_merge.Merge(b, b, o).Text == o, $"{label}: merge(B, B, X) != X");
            Assert.True(_merge.Merge(b, o, b).Text == o, $"{label}: merge(B, X, B) != X");

            var later = UpdateStamp.Compare(UpdateStamp.TryRead(o), UpdateStamp.TryRead(t)) >= 0 ? o : t;
            if (b != o && b != t && UpdateStamp.TryRead(later) is { } stamp)
            {
                Assert.True(UpdateStamp.TryRead(result.Text) == stamp, $"{label}: the result does not carry the later stamp");
            }

            AssertNoEditLost(label, b, o, MergeSide.Ours, result);
            AssertNoEditLost(label, b, t, MergeSide.Theirs, result);
            conflicts += result.Report.Losers.Count > 0 ? 1 : 0;
        }

        // Guard the generator: the cases must include real both-sides-changed conflicts.
        Assert.True(conflicts >= 10, $"seed {seed}: only {conflicts} cases had a conflict");
    }

    /// <summary>Every section a side added or changed is in the result, or that side is reported as its loser.</summary>
    private static void AssertNoEditLost(string label, string @base, string side, MergeSide which, MergeResult result)
    {
        if (result.Text == side)
        {
            return;
        }

        var baseSections = TestSections.Split(@base);
        var resultText = result.Text.Replace("\r\n", "\n", StringComparison.Ordinal);
        foreach (var (key, text) in TestSections.Split(side))
        {
            var body = text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n');
            var changed = !baseSections.TryGetValue(key, out var before) || before.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n') != body;
            if (changed && !resultText.Contains(body, StringComparison.Ordinal))
            {
                var heading = body.Split('\n')[0].TrimEnd();
                Assert.True(
                    result.Report.Losers.Any(l => l.Side == which && l.Section == heading),
                    $"{label}: {which}'s edit of '{heading}' is neither in the result nor reported as a loser.\nresult:\n{result.Text}");
            }
        }
    }

    /// <summary>A test-side splitter: sections by <c>## </c> lines outside <c>```</c> fences, keyed by heading and occurrence.</summary>
    private static class TestSections
    {
        public static Dictionary<string, string> Split(string text)
        {
            var sections = new Dictionary<string, string>();
            var lines = text.Split('\n').Select((line, index) => index < text.Count(c => c == '\n') ? line + "\n" : line);
            var inFence = false;
            string? key = null;
            var current = new System.Text.StringBuilder();
            foreach (var line in lines)
            {
                if (line.StartsWith("```", StringComparison.Ordinal))
                {
                    inFence = !inFence;
                }
                else if (!inFence && line.StartsWith("## ", StringComparison.Ordinal))
                {
                    Flush();
                    var heading = line.Trim();
                    var occurrence = sections.Keys.Count(k => k.StartsWith(heading + "#", StringComparison.Ordinal));
                    key = $"{heading}#{occurrence}";
                }

                current.Append(line);
            }

            Flush();
            return sections;

            void Flush()
            {
                if (key is not null)
                {
                    sections[key] = current.ToString();
                }

                current.Clear();
            }
        }
    }

    /// <summary>Random active-context documents and edits of them.</summary>
    private sealed record RandomDoc(string? Stamp, string Head, List<(string Heading, string Body)> Sections, bool Crlf, bool Bom, bool FinalNewline)
    {
        private static readonly string[] s_headings = ["## Focus", "## Next", "## Notes", "## Risks", "## Decisions"];
        private static readonly string[] s_lines = ["- item one", "- item two", "plain text", "", "```", "## inside a fence", "```", "* star"];
        private static readonly string[] s_times = ["2026-01-01T10:00:00Z", "2026-01-01T11:00:00Z"];
        private static readonly string[] s_personas = ["alice", "bob"];

        public static RandomDoc Create(Random random)
        {
            var sections = new List<(string, string)>();
            for (var i = random.Next(1, 6); i > 0; i--)
            {
                sections.Add((Pick(random, s_headings), Body(random)));
            }

            return new RandomDoc(RandomStamp(random), random.Next(3) == 0 ? string.Empty : "# Active context\n" + Body(random), sections, false, false, true);
        }

        public static RandomDoc Mutate(Random random, RandomDoc doc)
        {
            if (random.Next(6) == 0)
            {
                return doc;
            }

            var sections = doc.Sections.ToList();
            for (var i = 0; i < sections.Count; i++)
            {
                switch (random.Next(6))
                {
                    case 0 or 1:
                        sections[i] = (sections[i].Heading, Body(random));
                        break;
                    case 2:
                        sections.RemoveAt(i--);
                        break;
                }
            }

            if (random.Next(3) == 0)
            {
                sections.Insert(random.Next(sections.Count + 1), (Pick(random, s_headings), Body(random)));
            }

            if (random.Next(8) == 0 && sections.Count > 1)
            {
                sections.Reverse();
            }

            return doc with
            {
                Stamp = RandomStamp(random),
                Head = random.Next(5) == 0 ? "# Active context\n" + Body(random) : doc.Head,
                Sections = sections,
                Crlf = random.Next(10) == 0 ? !doc.Crlf : doc.Crlf,
                Bom = random.Next(10) == 0 ? !doc.Bom : doc.Bom,
                FinalNewline = random.Next(6) == 0 ? !doc.FinalNewline : doc.FinalNewline,
            };
        }

        public string ToText()
        {
            var text = (Stamp ?? string.Empty) + Head + string.Concat(Sections.Select(s => s.Heading + "\n" + s.Body));
            if (!FinalNewline && text.EndsWith('\n'))
            {
                text = text[..^1];
            }

            return (Bom ? "\uFEFF" : string.Empty) + (Crlf ? text.Replace("\n", "\r\n", StringComparison.Ordinal) : text);
        }

        private static string? RandomStamp(Random random) =>
            random.Next(5) == 0 ? null : $"<!-- memory-bank: updated={Pick(random, s_times)} by={Pick(random, s_personas)} -->\n";

        private static string Body(Random random)
        {
            var body = new System.Text.StringBuilder();
            var fenced = false;
            for (var i = random.Next(4); i > 0; i--)
            {
                var line = Pick(random, s_lines);
                fenced ^= line == "```";
                body.Append(line).Append('\n');
            }

            // Keep each body's fences balanced so the generator knows where sections are.
            return fenced ? body.Append("```\n").ToString() : body.ToString();
        }

        private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];
    }

    private sealed class ResultComparer : IEqualityComparer<MergeResult>
    {
        public bool Equals(MergeResult? x, MergeResult? y) =>
            x!.Text == y!.Text && new ReportComparer().Equals(x.Report, y.Report);

        public int GetHashCode(MergeResult obj) => obj.Text.GetHashCode(StringComparison.Ordinal);
    }

    private sealed class ReportComparer : IEqualityComparer<MergeReport>
    {
        public bool Equals(MergeReport? x, MergeReport? y) =>
            x!.AddedFromOurs == y!.AddedFromOurs && x.AddedFromTheirs == y.AddedFromTheirs && x.Removed == y.Removed
            && x.Losers.SequenceEqual(y.Losers);

        public int GetHashCode(MergeReport obj) => obj.Removed;
    }
}

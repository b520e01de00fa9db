using System.Text.Json;
using MemoryBank.Core.Markdown;
using MemoryBank.Core.Merge;

namespace MemoryBank.Core.Tests;

public class GraphMergeTests
{
    private readonly GraphMerge _merge = new();

    private static string E(string name, string type, params string[] observations) =>
        $"{{\"type\":\"entity\",\"name\":\"{name}\",\"entityType\":\"{type}\",\"observations\":[{string.Join(",", observations.Select(o => $"\"{o}\""))}]}}";

    private static string R(string from, string to, string relationType) =>
        $"{{\"type\":\"relation\",\"from\":\"{from}\",\"to\":\"{to}\",\"relationType\":\"{relationType}\"}}";

    private static string Lines(params string[] lines) => string.Concat(lines.Select(line => line + "\n"));

    /// <summary>Merges both ways round and checks the texts agree, so every test also checks commutativity.</summary>
    private MergeResult MergeBothWays(string @base, string ours, string theirs)
    {
        var result = _merge.Merge(@base, ours, theirs);
        Assert.Equal(result.Text, _merge.Merge(@base, theirs, ours).Text);
        return result;
    }

    [Fact]
    public void Merge_BothSidesAddObservations_UnionKeepsEachSidesOrder()
    {
        var @base = Lines(E("Ada", "person", "likes tea"));
        var ours = Lines(E("Ada", "person", "likes tea", "b-ours", "a-ours"));
        var theirs = Lines(E("Ada", "person", "likes tea", "c-theirs"));

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(Lines(E("Ada", "person", "likes tea", "b-ours", "a-ours", "c-theirs")), result.Text);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Merge_ObservationRemovedOnOneSide_RemovedEvenWhenOtherSideAddsOthers(bool oursRemoves)
    {
        var @base = Lines(E("Ada", "person", "old", "keep"));
        var removing = Lines(E("Ada", "person", "keep"));
        var adding = Lines(E("Ada", "person", "old", "keep", "new"));

        var result = oursRemoves ? MergeBothWays(@base, removing, adding) : MergeBothWays(@base, adding, removing);

        Assert.Equal(Lines(E("Ada", "person", "keep", "new")), result.Text);
    }

    [Fact]
    public void Merge_SameObservationAddedOnBothSides_KeptOnce()
    {
        var @base = Lines(E("Ada", "person"), E("Bob", "person"));
        var ours = Lines(E("Ada", "person", "shared"), E("Bob", "person", "x"));
        var theirs = Lines(E("Ada", "person", "shared"), E("Bob", "person"));

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(Lines(E("Ada", "person", "shared"), E("Bob", "person", "x")), result.Text);
    }

    [Theory]
    [InlineData("person", "human", "person", "human")]
    [InlineData("person", "person", "user", "user")]
    [InlineData("person", "human", "user", "user")]
    [InlineData("person", "user", "human", "user")]
    [InlineData("person", "human", "human", "human")]
    public void Merge_EntityTypeChanges_ChangedSideWinsAndBothChangedTakesOrdinalLarger(string @base, string ours, string theirs, string expected)
    {
        var result = MergeBothWays(
            Lines(E("Ada", @base, "o")),
            Lines(E("Ada", ours, "o"), E("Side", "marker")),
            Lines(E("Ada", theirs, "o")));

        Assert.Equal(Lines(E("Ada", expected, "o"), E("Side", "marker")), result.Text);
    }

    [Fact]
    public void Merge_EntityTypeChangedOnBothSides_LoserReportedWithItsLineAndWholeFile()
    {
        var ours = Lines(E("Ada", "human", "o"));
        var theirs = Lines(E("Ada", "user", "o"));

        var result = _merge.Merge(Lines(E("Ada", "person", "o")), ours, theirs);

        var loser = Assert.Single(result.Report.Losers);
        Assert.Equal(new LosingText(MergeSide.Ours, E("Ada", "human", "o"), ours, null), loser);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Merge_EntityDeletedOnOneSideChangedOnOther_ChangedEntityKept(bool oursDeletes)
    {
        var @base = Lines(E("Ada", "person", "o"), E("Bob", "person"), R("Ada", "Bob", "knows"));
        var deleting = Lines(E("Bob", "person"));
        var changing = Lines(E("Ada", "person", "o", "new fact"), E("Bob", "person"), R("Ada", "Bob", "knows"));

        var result = oursDeletes ? MergeBothWays(@base, deleting, changing) : MergeBothWays(@base, changing, deleting);

        // The relation was deleted with the entity and is unchanged on the other side, so it goes.
        Assert.Equal(Lines(E("Ada", "person", "o", "new fact"), E("Bob", "person")), result.Text);
        Assert.Equal(1, result.Report.Removed);
        Assert.Equal(oursDeletes ? 0 : 1, result.Report.AddedFromOurs);
        Assert.Equal(oursDeletes ? 1 : 0, result.Report.AddedFromTheirs);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Merge_EntityDeletedOnOneSideUnchangedOnOther_Deleted(bool oursDeletes)
    {
        var @base = Lines(E("Ada", "person", "o"), E("Bob", "person"));
        var deleting = Lines(E("Bob", "person"));
        var unchanged = Lines(E("Ada", "person", "o"), E("Bob", "person", "other edit"));

        var result = oursDeletes ? MergeBothWays(@base, deleting, unchanged) : MergeBothWays(@base, unchanged, deleting);

        Assert.Equal(Lines(E("Bob", "person", "other edit")), result.Text);
        Assert.Equal(1, result.Report.Removed);
    }

    [Fact]
    public void Merge_EntityTypeChangeAgainstDelete_ChangedEntityKept()
    {
        var @base = Lines(E("Ada", "person", "o"), E("Bob", "person"));

        var result = MergeBothWays(@base, Lines(E("Bob", "person")), Lines(E("Ada", "human", "o"), E("Bob", "person")));

        Assert.Equal(Lines(E("Ada", "human", "o"), E("Bob", "person")), result.Text);
    }

    [Fact]
    public void Merge_Relations_MergedAsThreeWaySet()
    {
        var @base = Lines(R("A", "B", "knows"), R("A", "C", "knows"), R("B", "C", "owns"));
        var ours = Lines(R("A", "B", "knows"), R("B", "C", "owns"), R("Z", "A", "uses"), R("C", "A", "uses"));
        var theirs = Lines(R("A", "C", "knows"), R("B", "C", "owns"), R("C", "A", "uses"), R("C", "A", "likes"));

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(Lines(R("B", "C", "owns"), R("C", "A", "likes"), R("C", "A", "uses"), R("Z", "A", "uses")), result.Text);
        Assert.Equal(new[] { 1, 1, 2 }, new[] { result.Report.AddedFromOurs, result.Report.AddedFromTheirs, result.Report.Removed });
    }

    [Fact]
    public void Merge_InterleavedInput_WritesEntitiesThenRelationsInBaseOrderThenAdditionsByName()
    {
        var @base = Lines(E("Zed", "person"), R("Zed", "Amy", "knows"), E("Amy", "person"));
        var ours = Lines(E("Zed", "person"), R("Zed", "Amy", "knows"), E("Amy", "person"), E("Mia", "person"));
        var theirs = Lines(R("Amy", "Zed", "knows"), E("Bea", "person"), E("Amy", "person"), R("Zed", "Amy", "knows"), E("Zed", "person"));

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(
            Lines(E("Zed", "person"), E("Amy", "person"), E("Bea", "person"), E("Mia", "person"), R("Zed", "Amy", "knows"), R("Amy", "Zed", "knows")),
            result.Text);
    }

    [Fact]
    public void Merge_UnchangedRecords_KeepOriginalLineBytes()
    {
        // Spacing, key order, escapes and unknown properties survive when a record is taken unchanged.
        var odd = "{ \"observations\": [\"caf\\u00e9\", \"x\"], \"name\": \"Ada\", \"type\": \"entity\", \"entityType\": \"person\", \"createdAt\": 1 }";
        var oddRelation = "{\"type\":\"relation\",\"relationType\":\"knows\",\"from\":\"Ada\",\"to\":\"Bob\"}";
        var @base = Lines(odd, E("Bob", "person"), oddRelation);
        var ours = Lines(odd, E("Bob", "person", "ours"), oddRelation);
        var theirs = Lines(odd, E("Bob", "person", "theirs"), oddRelation);

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(Lines(odd, E("Bob", "person", "ours", "theirs"), oddRelation), result.Text);
    }

    [Fact]
    public void Merge_ReorderedObservationsOnOneSide_ThatSidesLineKept()
    {
        var @base = Lines(E("Ada", "person", "a", "b"), E("Bob", "person"));
        var ours = Lines(E("Ada", "person", "b", "a"), E("Bob", "person"));
        var theirs = Lines(E("Ada", "person", "a", "b"), E("Bob", "person", "x"));

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(Lines(E("Ada", "person", "b", "a"), E("Bob", "person", "x")), result.Text);
    }

    [Fact]
    public void Merge_ChangedRecordWrittenAfresh_MatchesJavaScriptStringify()
    {
        var @base = Lines("{\"type\":\"entity\",\"name\":\"Ada\",\"entityType\":\"person\",\"observations\":[\"caf\\u00e9\"]}", E("Bob", "person"));
        var ours = Lines("{\"type\":\"entity\",\"name\":\"Ada\",\"entityType\":\"person\",\"observations\":[\"caf\\u00e9\",\"say \\\"hi\\\"\\n\\u0001 😀 <&>\"]}", E("Bob", "person"));
        var theirs = Lines("{\"type\":\"entity\",\"name\":\"Ada\",\"entityType\":\"human\",\"observations\":[\"caf\\u00e9\"]}", E("Bob", "person", "b"));

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(
            Lines("{\"type\":\"entity\",\"name\":\"Ada\",\"entityType\":\"human\",\"observations\":[\"café\",\"say \\\"hi\\\"\\n\\u0001 😀 <&>\"]}", E("Bob", "person", "b")),
            result.Text);
    }

    [Fact]
    public void Merge_UnknownProperties_MergedPerProperty()
    {
        var @base = Lines("{\"type\":\"entity\",\"name\":\"Ada\",\"entityType\":\"person\",\"observations\":[],\"version\":1,\"tags\":[\"a\"]}");
        var ours = Lines("{\"type\":\"entity\",\"name\":\"Ada\",\"entityType\":\"person\",\"observations\":[\"o\"],\"version\":2,\"tags\":[\"a\"]}");
        var theirs = Lines("{\"type\":\"entity\",\"name\":\"Ada\",\"entityType\":\"person\",\"observations\":[],\"version\":1,\"owner\":{\"id\": 7}}");

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(Lines("{\"type\":\"entity\",\"name\":\"Ada\",\"entityType\":\"person\",\"observations\":[\"o\"],\"version\":2,\"owner\":{\"id\":7}}"), result.Text);
        Assert.Empty(result.Report.Losers);
    }

    [Theory]
    [InlineData("", "", "", "")]
    [InlineData("\n\n", "\r\n", "   \n", "")]
    public void Merge_EmptyOrBlankInputs_EmptyGraph(string @base, string ours, string theirs, string expected)
    {
        Assert.Equal(expected, MergeBothWays(@base, ours, theirs).Text);
    }

    [Fact]
    public void Merge_BlankLinesAndCrlf_IgnoredAndWrittenAsLf()
    {
        var @base = E("Ada", "person") + "\r\n\r\n" + R("Ada", "Ada", "is") + "\r\n";
        var ours = E("Ada", "person", "o") + "\r\n\r\n" + R("Ada", "Ada", "is");
        var theirs = E("Ada", "person") + "\r\n" + R("Ada", "Ada", "is") + "\r\n" + E("Bob", "person") + "\r\n";

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(Lines(E("Ada", "person", "o"), E("Bob", "person"), R("Ada", "Ada", "is")), result.Text);
    }

    [Theory]
    [InlineData(false, false, true, true)]
    [InlineData(true, true, false, false)]
    [InlineData(false, true, false, true)]
    [InlineData(true, true, true, true)]
    public void Merge_BomPresence_MergedAsThreeWayFlag(bool baseBom, bool oursBom, bool theirsBom, bool expected)
    {
        static string Bom(bool bom, string text) => (bom ? "\uFEFF" : string.Empty) + text;

        var result = MergeBothWays(
            Bom(baseBom, Lines(E("Ada", "person"))),
            Bom(oursBom, Lines(E("Ada", "person", "o"))),
            Bom(theirsBom, Lines(E("Ada", "person"), E("Bob", "person"))));

        Assert.Equal(Bom(expected, Lines(E("Ada", "person", "o"), E("Bob", "person"))), result.Text);
    }

    [Fact]
    public void Merge_OneSideUnchanged_ReturnsOtherSideByteForByte()
    {
        var @base = Lines(E("Ada", "person"));
        var theirs = R("B", "A", "x") + "\r\n\r\n" + E("Zed", "person");

        Assert.Equal(theirs, _merge.Merge(@base, @base, theirs).Text);
        Assert.Equal(theirs, _merge.Merge(@base, theirs, @base).Text);
        Assert.Equal(theirs, _merge.Merge(@base, theirs, theirs).Text);
    }

    [Fact]
    public void Merge_RepeatedEntityInOneInput_ObservationsCombined()
    {
        var @base = Lines(E("Ada", "person", "a"));
        var ours = Lines(E("Ada", "person", "a"), E("Ada", "person", "b"));
        var theirs = Lines(E("Ada", "person", "a"), E("Bob", "person"));

        var result = MergeBothWays(@base, ours, theirs);

        Assert.Equal(Lines(E("Ada", "person", "a", "b"), E("Bob", "person")), result.Text);
    }

    public static TheoryData<string, string> MalformedLines => new()
    {
        { "{\"type\":\"entity\",\"name\":\"A\"", "not valid JSON" },
        { "not json", "not valid JSON" },
        { "[1,2]", "not an object" },
        { "\"entity\"", "not an object" },
        { "{\"type\":\"node\",\"name\":\"A\"}", "\"type\" is \"node\"" },
        { "{\"name\":\"A\",\"entityType\":\"x\",\"observations\":[]}", "no \"type\"" },
        { "{\"type\":\"entity\",\"entityType\":\"x\",\"observations\":[]}", "no \"name\"" },
        { "{\"type\":\"entity\",\"name\":7,\"entityType\":\"x\",\"observations\":[]}", "\"name\" must be a string" },
        { "{\"type\":\"entity\",\"name\":\"A\",\"entityType\":\"x\",\"observations\":\"o\"}", "array of strings" },
        { "{\"type\":\"entity\",\"name\":\"A\",\"entityType\":\"x\",\"observations\":[\"o\",1]}", "array of strings" },
        { "{\"type\":\"entity\",\"name\":\"A\",\"entityType\":[],\"observations\":[]}", "\"entityType\" must be a string" },
        { "{\"type\":\"relation\",\"to\":\"B\",\"relationType\":\"r\"}", "no \"from\"" },
        { "{\"type\":\"relation\",\"from\":\"A\",\"relationType\":\"r\"}", "no \"to\"" },
        { "{\"type\":\"relation\",\"from\":\"A\",\"to\":\"B\"}", "no \"relationType\"" },
        { "{\"type\":\"relation\",\"from\":\"A\",\"to\":\"B\",\"relationType\":\"r\"} {}", "not valid JSON" },
        { "{\"type\":\"entity\",\"name\":\"A\\ud800\",\"entityType\":\"x\",\"observations\":[]}", "cannot be read" },
    };

    [Theory]
    [MemberData(nameof(MalformedLines))]
    public void Merge_MalformedLine_ThrowsNamingInputAndLine(string badLine, string problem)
    {
        var good = Lines(E("Ada", "person"), R("Ada", "Ada", "is"));
        var bad = E("Ada", "person") + "\n\n" + badLine + "\n";

        foreach (var (input, merge) in new (string, Func<MergeResult>)[]
        {
            ("base", () => _merge.Merge(bad, good, good + Lines(E("Bob", "p")))),
            ("ours", () => _merge.Merge(good, bad, good)),
            ("theirs", () => _merge.Merge(good, good, bad)),
        })
        {
            var error = Assert.Throws<BankFileFormatException>(merge);
            Assert.Contains($"{input} version", error.Message, StringComparison.Ordinal);
            Assert.Contains("line 3:", error.Message, StringComparison.Ordinal);
            Assert.Contains(problem, error.Message, StringComparison.Ordinal);
            Assert.Equal($"<{input}>", error.Target);
            Assert.Equal("MergeInputInvalid", error.ErrorId);
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Merge_RandomGraphs_CommutativeIdempotentAndSetRulesHold(int seed)
    {
        var random = new Random(seed);
        var fullMerges = 0;
        for (var i = 0; i < 100; i++)
        {
            var label = $"seed {seed}, case {i}";
            var @base = RandomGraph.Create(random);
            var ours = RandomGraph.Mutate(random, @base);
            var theirs = RandomGraph.Mutate(random, @base);
            var (b, o, t) = (@base.ToText(random), ours.ToText(random), theirs.ToText(random));

            var result = _merge.Merge(b, o, t);

            Assert.True(result.Text == _merge.Merge(b, t, o).Text, $"{label}: not commutative.\nbase:\n{b}\nours:\n{o}\ntheirs:\n{t}");
            Assert.True(_merge.Merge(b, o, o).Text == o, $"{label}: merge(B, X, X) != X");
            Assert.True(_merge.Merge(b, b, o).Text == o, $"{label}: merge(B, B, X) != X");
            Assert.True(_merge.Merge(b, o, b).Text == o, $"{label}: merge(B, X, B) != X");
            var merged = RandomGraph.Read(result.Text, label);
            AssertSetRules(label, @base, ours, theirs, merged, $"\nbase:\n{b}\nours:\n{o}\ntheirs:\n{t}\nresult:\n{result.Text}");
            if (b != o && b != t && o != t)
            {
                AssertLayout(label, result.Text);
                fullMerges++;
            }
        }

        // Guard the generator: most cases must go through the full merge, not a one-side-unchanged shortcut.
        Assert.True(fullMerges >= 50, $"seed {seed}: only {fullMerges} full merges");
    }

    private static void AssertLayout(string label, string text)
    {
        var lines = text.TrimStart('\uFEFF').Split('\n');
        Assert.True(lines[^1] == string.Empty, $"{label}: no final newline");
        var kinds = lines[..^1].Select(line => JsonDocument.Parse(line).RootElement.GetProperty("type").GetString()).ToList();
        Assert.True(kinds.SkipWhile(k => k == "entity").All(k => k == "relation"), $"{label}: entities and relations are interleaved");
        Assert.DoesNotContain('\r', text);
    }

    /// <summary>
    /// The rules, stated on sets. Entity n is in the result iff both sides have it, or it is not in base and
    /// one side has it, or one side deleted it and the other changed it (type or observation set). For n in
    /// both sides, observation x is in the result iff (x in O and x in T) or (x in O or T, and x not in base):
    /// so every observation a side added is present, and every observation a side removed is absent. Relations:
    /// r in the result iff (r in O and r in T) or (r not in B and r in O or T).
    /// </summary>
    private static void AssertSetRules(string label, RandomGraph b, RandomGraph o, RandomGraph t, RandomGraph r, string context)
    {
        foreach (var name in b.Entities.Keys.Union(o.Entities.Keys).Union(t.Entities.Keys))
        {
            var (inB, inO, inT) = (b.Entities.GetValueOrDefault(name), o.Entities.GetValueOrDefault(name), t.Entities.GetValueOrDefault(name));
            var changed = (RandomEntity? side) => side is not null && (inB is null || !side.SameAs(inB));
            var expected = (inO is not null && inT is not null) || changed(inO) || changed(inT);
            var actual = r.Entities.GetValueOrDefault(name);
            Assert.True(expected == (actual is not null), $"{label}: entity {name} expected {(expected ? "present" : "absent")}{context}");
            if (actual is null)
            {
                continue;
            }

            foreach (var (side, sideName, other) in new[] { (inO, "ours", inT), (inT, "theirs", inO) })
            {
                if (side is null)
                {
                    continue;
                }

                foreach (var added in side.Observations.Where(x => inB is null || !inB.Observations.Contains(x)))
                {
                    Assert.True(actual.Observations.Contains(added), $"{label}: {sideName} added '{added}' to {name}, but it is missing{context}");
                }

                foreach (var removed in inB?.Observations.Where(x => !side.Observations.Contains(x)) ?? [])
                {
                    Assert.True(!actual.Observations.Contains(removed) || other is null, $"{label}: {sideName} removed '{removed}' from {name}, but it is present{context}");
                }
            }

            if (inO is not null && inT is not null)
            {
                var expectedObservations = inO.Observations.Intersect(inT.Observations)
                    .Union(inO.Observations.Union(inT.Observations).Where(x => inB is null || !inB.Observations.Contains(x)));
                Assert.True(actual.Observations.SetEquals(expectedObservations), $"{label}: observations of {name}{context}");
                var baseType = inB?.EntityType;
                var expectedType = inO.EntityType == inT.EntityType || inT.EntityType == baseType ? inO.EntityType
                    : inO.EntityType == baseType ? inT.EntityType
                    : string.CompareOrdinal(inO.EntityType, inT.EntityType) > 0 ? inO.EntityType : inT.EntityType;
                Assert.True(actual.EntityType == expectedType, $"{label}: entityType of {name}{context}");
            }
            else
            {
                var only = (inO ?? inT)!;
                Assert.True(actual.SameAs(only), $"{label}: entity {name} should be the one side's version{context}");
            }
        }

        var relations = b.Relations.Union(o.Relations).Union(t.Relations)
            .Where(rel => (o.Relations.Contains(rel) && t.Relations.Contains(rel)) || (!b.Relations.Contains(rel) && (o.Relations.Contains(rel) || t.Relations.Contains(rel))));
        Assert.True(r.Relations.SetEquals(relations), $"{label}: relation set{context}");
    }

    private sealed record RandomEntity(string EntityType, HashSet<string> Observations, List<string> Order)
    {
        public bool SameAs(RandomEntity other) => EntityType == other.EntityType && Observations.SetEquals(other.Observations);
    }

    /// <summary>Random knowledge graphs, edits of them, and a reader for the merged result.</summary>
    private sealed record RandomGraph(Dictionary<string, RandomEntity> Entities, List<string> EntityOrder, HashSet<(string, string, string)> Relations)
    {
        private static readonly string[] s_names = ["Ada", "Bob", "Cy", "Dee", "Eve", "Fay"];
        private static readonly string[] s_types = ["person", "project", "tool"];
        private static readonly string[] s_observations = ["o1", "o2", "o3", "o4", "o5", "café ☕", "say \"hi\"", "tab\there", "emoji 😀"];
        private static readonly string[] s_relationTypes = ["knows", "uses"];

        public static RandomGraph Create(Random random)
        {
            var graph = new RandomGraph(new(), new(), new());
            foreach (var name in s_names.Where(_ => random.Next(2) == 0))
            {
                graph.Entities[name] = NewEntity(random);
                graph.EntityOrder.Add(name);
            }

            for (var i = random.Next(4); i > 0; i--)
            {
                graph.Relations.Add(NewRelation(random));
            }

            return graph;
        }

        public static RandomGraph Mutate(Random random, RandomGraph graph)
        {
            var copy = new RandomGraph(
                graph.Entities.ToDictionary(p => p.Key, p => p.Value with { Observations = new(p.Value.Observations), Order = new(p.Value.Order) }),
                new(graph.EntityOrder),
                new(graph.Relations));
            if (random.Next(6) == 0)
            {
                return copy;
            }

            foreach (var name in copy.EntityOrder.ToList())
            {
                var entity = copy.Entities[name];
                switch (random.Next(8))
                {
                    case 0:
                        copy.Entities.Remove(name);
                        copy.EntityOrder.Remove(name);
                        copy.Relations.RemoveWhere(r => r.Item1 == name || r.Item2 == name);
                        break;
                    case 1:
                        copy.Entities[name] = entity with { EntityType = Pick(random, s_types) };
                        break;
                    case 2 or 3:
                        var observation = Pick(random, s_observations);
                        if (entity.Observations.Add(observation))
                        {
                            entity.Order.Add(observation);
                        }

                        break;
                    case 4 when entity.Order.Count > 0:
                        var removed = Pick(random, entity.Order.ToArray());
                        entity.Observations.Remove(removed);
                        entity.Order.Remove(removed);
                        break;
                }
            }

            foreach (var name in s_names.Where(n => !copy.Entities.ContainsKey(n) && random.Next(5) == 0))
            {
                copy.Entities[name] = NewEntity(random);
                copy.EntityOrder.Add(name);
            }

            foreach (var relation in copy.Relations.Where(_ => random.Next(5) == 0).ToList())
            {
                copy.Relations.Remove(relation);
            }

            if (random.Next(2) == 0)
            {
                copy.Relations.Add(NewRelation(random));
            }

            return copy;
        }

        public string ToText(Random random)
        {
            var options = new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            var lines = EntityOrder
                .Select(name => JsonSerializer.Serialize(new { type = "entity", name, entityType = Entities[name].EntityType, observations = Entities[name].Order }, options))
                .Concat(Relations.OrderBy(r => r).Select(r => JsonSerializer.Serialize(new { type = "relation", from = r.Item1, to = r.Item2, relationType = r.Item3 }, options)))
                .ToList();

            // Mostly the server's own layout; sometimes a blank line or no final newline.
            var text = string.Join(random.Next(8) == 0 ? "\n\n" : "\n", lines);
            return lines.Count == 0 || random.Next(4) == 0 ? text : text + "\n";
        }

        public static RandomGraph Read(string text, string label)
        {
            var graph = new RandomGraph(new(), new(), new());
            foreach (var line in text.TrimStart('\uFEFF').Split('\n').Where(l => l.Length > 0))
            {
                var root = JsonDocument.Parse(line).RootElement;
                if (root.GetProperty("type").GetString() == "entity")
                {
                    var name = root.GetProperty("name").GetString()!;
                    var observations = root.GetProperty("observations").EnumerateArray().Select(o => o.GetString()!).ToList();
                    Assert.True(observations.Count == observations.Distinct().Count(), $"{label}: repeated observation in {name}");
                    Assert.True(graph.Entities.TryAdd(name, new RandomEntity(root.GetProperty("entityType").GetString()!, new(observations), observations)), $"{label}: repeated entity {name}");
                }
                else
                {
                    var relation = (root.GetProperty("from").GetString()!, root.GetProperty("to").GetString()!, root.GetProperty("relationType").GetString()!);
                    Assert.True(graph.Relations.Add(relation), $"{label}: repeated relation {relation}");
                }
            }

            return graph;
        }

        private static RandomEntity NewEntity(Random random)
        {
            var order = s_observations.Where(_ => random.Next(3) == 0).OrderBy(_ => random.Next()).ToList();
            return new RandomEntity(Pick(random, s_types), new(order), order);
        }

        private static (string, string, string) NewRelation(Random random) => (Pick(random, s_names), Pick(random, s_names), Pick(random, s_relationTypes));

        private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using MemoryBank.Core.Markdown;

namespace MemoryBank.Core.Merge;

/// <summary>
/// The <c>graph</c> strategy for the MCP memory server's knowledge graph: JSON Lines of
/// <c>{"type":"entity","name":…,"entityType":…,"observations":[…]}</c> and
/// <c>{"type":"relation","from":…,"to":…,"relationType":…}</c>, merged as 3-way sets.
/// </summary>
/// <remarks>
/// <para>
/// Entities match by name. An observation is in the result when both sides have it or one side added it (it
/// was not in base); a removal by either side sticks. A changed <c>entityType</c> wins over an unchanged one;
/// changed on both sides, the ordinal-larger value wins and the other side is reported as a loser. An entity
/// deleted on one side and changed on the other is kept as changed; deleted and unchanged, it goes.
/// Relations match by (from, to, relationType) and merge as a 3-way set. Properties the server does not
/// know merge one by one like <c>entityType</c>.
/// </para>
/// <para>
/// The result uses the server's layout: entities, then relations, one compact object per line, <c>\n</c>
/// endings and a final newline. Survivors keep base order, additions follow in ordinal order, and a record
/// taken unchanged keeps its original line, so the merge is commutative and the diff stays small.
/// </para>
/// </remarks>
public sealed class GraphMerge : IMergeStrategy
{
    /// <inheritdoc />
    /// <exception cref="BankFileFormatException">An input is not a valid knowledge graph; the message names the input and line.</exception>
    public MergeResult Merge(string @base, string ours, string theirs)
    {
        ArgumentNullException.ThrowIfNull(@base);
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(theirs);

        var baseGraph = Graph.Parse(@base, "base");
        var oursGraph = Graph.Parse(ours, "ours");
        var theirsGraph = Graph.Parse(theirs, "theirs");

        var tally = new Tally(ours, theirs);
        var lines = new List<string>();
        lines.AddRange(MergeEntities(baseGraph, oursGraph, theirsGraph, tally));
        lines.AddRange(MergeRelations(baseGraph, oursGraph, theirsGraph, tally));

        var report = new MergeReport(tally.AddedFromOurs, tally.AddedFromTheirs, tally.Removed, tally.Losers);

        // A side that did not change the file at all means git's answer is the other side, byte for byte.
        if (string.Equals(ours, theirs, StringComparison.Ordinal) || string.Equals(@base, theirs, StringComparison.Ordinal))
        {
            return new MergeResult(ours, report);
        }

        if (string.Equals(@base, ours, StringComparison.Ordinal))
        {
            return new MergeResult(theirs, report);
        }

        // The BOM merges as a 3-way flag: ours' choice unless only theirs changed it.
        var bom = oursGraph.HasBom == baseGraph.HasBom ? theirsGraph.HasBom : oursGraph.HasBom;
        var text = new StringBuilder();
        if (bom)
        {
            text.Append('\uFEFF');
        }

        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }

        return new MergeResult(text.ToString(), report);
    }

    private static IEnumerable<string> MergeEntities(Graph @base, Graph ours, Graph theirs, Tally tally)
    {
        var survivors = new List<string>();
        var additions = new List<string>();
        var output = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = @base.Entities.Keys.Concat(ours.Entities.Keys).Concat(theirs.Entities.Keys).Distinct(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var b = @base.Entities.GetValueOrDefault(name);
            var o = ours.Entities.GetValueOrDefault(name);
            var t = theirs.Entities.GetValueOrDefault(name);
            var merged = MergeEntity(b, o, t, tally);
            if (merged is null)
            {
                tally.Removed += b is null ? 0 : 1;
                continue;
            }

            tally.CountOneSided(b, o, t, Entity.SameContent);
            (b is null ? additions : survivors).Add(name);
            output[name] = ChooseLine(merged, b, o, t, Entity.SameContent) ?? merged.ToLine();
        }

        survivors.Sort((x, y) => @base.Entities[x].Index.CompareTo(@base.Entities[y].Index));
        additions.Sort(StringComparer.Ordinal);
        return survivors.Concat(additions).Select(name => output[name]).ToList();
    }

    /// <summary>The 3-way merge of one entity; null when it is absent from the result.</summary>
    private static Entity? MergeEntity(Entity? @base, Entity? ours, Entity? theirs, Tally tally)
    {
        if (ours is null || theirs is null)
        {
            var present = ours ?? theirs;

            // Added by one side, or kept because the deleting side would otherwise lose the other's edit.
            return present is null || (@base is not null && Entity.SameContent(@base, present)) ? null : present;
        }

        var origin = @base ?? Entity.Empty(ours.Name);
        var entityType = PickValue(origin.EntityType, ours.EntityType, theirs.EntityType, out var typeLoser);
        var extras = MergeExtras(origin.Extras, ours.Extras, theirs.Extras, out var extrasLosers);
        var observations = MergeObservations(origin.Observations, ours.Observations, theirs.Observations);

        var losers = new SortedSet<MergeSide>(extrasLosers);
        if (typeLoser is not null)
        {
            losers.Add(typeLoser.Value);
        }

        foreach (var side in losers)
        {
            tally.AddLoser(side, side == MergeSide.Ours ? ours.Line : theirs.Line);
        }

        return new Entity(ours.Name, entityType, observations, extras, Line: null, Index: -1);
    }

    private static IEnumerable<string> MergeRelations(Graph @base, Graph ours, Graph theirs, Tally tally)
    {
        var survivors = new List<RelationKey>();
        var additions = new List<RelationKey>();
        var output = new Dictionary<RelationKey, string>();
        var keys = @base.Relations.Keys.Concat(ours.Relations.Keys).Concat(theirs.Relations.Keys).Distinct();
        foreach (var key in keys)
        {
            var b = @base.Relations.GetValueOrDefault(key);
            var o = ours.Relations.GetValueOrDefault(key);
            var t = theirs.Relations.GetValueOrDefault(key);

            // A 3-way set: in both sides, or added (not in base) by either.
            var present = (o is not null && t is not null) || (b is null && (o is not null || t is not null));
            if (!present)
            {
                tally.Removed += b is null ? 0 : 1;
                continue;
            }

            Relation merged;
            if (o is not null && t is not null)
            {
                var extras = MergeExtras(b?.Extras ?? Extras.None, o.Extras, t.Extras, out var losers);
                foreach (var side in losers)
                {
                    tally.AddLoser(side, side == MergeSide.Ours ? o.Line : t.Line);
                }

                merged = new Relation(key, extras, Line: null, Index: -1);
            }
            else
            {
                merged = (o ?? t)!;
            }

            tally.CountOneSided(b, o, t, Relation.SameContent);
            (b is null ? additions : survivors).Add(key);
            output[key] = ChooseLine(merged, b, o, t, Relation.SameContent) ?? merged.ToLine();
        }

        survivors.Sort((x, y) => @base.Relations[x].Index.CompareTo(@base.Relations[y].Index));
        additions.Sort();
        return survivors.Concat(additions).Select(key => output[key]).ToList();
    }

    /// <summary>
    /// The original line of a side whose record equals the merged one, so unchanged records keep their bytes.
    /// When both sides qualify with different lines, a line that differs from base is a one-sided edit and
    /// wins; otherwise the ordinal-larger line does. Null when the merged record must be written afresh.
    /// </summary>
    private static string? ChooseLine<T>(T merged, T? @base, T? ours, T? theirs, Func<T, T, bool> sameContent)
        where T : class, IRecord
    {
        var oursLine = ours is not null && sameContent(ours, merged) ? ours.Line : null;
        var theirsLine = theirs is not null && sameContent(theirs, merged) ? theirs.Line : null;
        if (oursLine is null || theirsLine is null || string.Equals(oursLine, theirsLine, StringComparison.Ordinal))
        {
            return oursLine ?? theirsLine;
        }

        var baseLine = @base?.Line;
        if (string.Equals(oursLine, baseLine, StringComparison.Ordinal))
        {
            return theirsLine;
        }

        if (string.Equals(theirsLine, baseLine, StringComparison.Ordinal))
        {
            return oursLine;
        }

        return string.CompareOrdinal(oursLine, theirsLine) > 0 ? oursLine : theirsLine;
    }

    /// <summary>
    /// A 3-way merge of one value (null = absent): a side that changed it wins; changed on both sides to
    /// different values, the ordinal-larger one wins (so a change beats a removal) and the other side lost.
    /// </summary>
    private static string? PickValue(string? @base, string? ours, string? theirs, out MergeSide? loser)
    {
        loser = null;
        if (string.Equals(ours, theirs, StringComparison.Ordinal) || string.Equals(theirs, @base, StringComparison.Ordinal))
        {
            return ours;
        }

        if (string.Equals(ours, @base, StringComparison.Ordinal))
        {
            return theirs;
        }

        var oursWins = string.CompareOrdinal(ours, theirs) > 0;
        loser = oursWins ? MergeSide.Theirs : MergeSide.Ours;
        return oursWins ? ours : theirs;
    }

    /// <summary>
    /// The 3-way observation set. Survivors keep base order; additions follow, each side's in its own order,
    /// the side whose additions sort first (ordinal, as sequences) going first so the result is commutative.
    /// </summary>
    private static List<string> MergeObservations(IReadOnlyList<string> @base, IReadOnlyList<string> ours, IReadOnlyList<string> theirs)
    {
        var inBase = new HashSet<string>(@base, StringComparer.Ordinal);
        var inOurs = new HashSet<string>(ours, StringComparer.Ordinal);
        var inTheirs = new HashSet<string>(theirs, StringComparer.Ordinal);

        var result = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in @base.Where(item => inOurs.Contains(item) && inTheirs.Contains(item)))
        {
            if (seen.Add(item))
            {
                result.Add(item);
            }
        }

        var oursAdded = ours.Where(item => !inBase.Contains(item)).Distinct(StringComparer.Ordinal).ToList();
        var theirsAdded = theirs.Where(item => !inBase.Contains(item)).Distinct(StringComparer.Ordinal).ToList();
        var oursFirst = CompareSequences(oursAdded, theirsAdded) <= 0;
        foreach (var item in oursFirst ? oursAdded.Concat(theirsAdded) : theirsAdded.Concat(oursAdded))
        {
            if (seen.Add(item))
            {
                result.Add(item);
            }
        }

        return result;
    }

    private static int CompareSequences(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var byItem = string.CompareOrdinal(a[i], b[i]);
            if (byItem != 0)
            {
                return byItem;
            }
        }

        return a.Count.CompareTo(b.Count);
    }

    /// <summary>Merges unknown properties one by one with <see cref="PickValue"/>; survivors keep base order, additions follow ordinally.</summary>
    private static Extras MergeExtras(Extras @base, Extras ours, Extras theirs, out IReadOnlyList<MergeSide> losers)
    {
        var lost = new SortedSet<MergeSide>();
        var names = @base.Names
            .Concat(ours.Names.Concat(theirs.Names).Where(name => @base.Get(name) is null).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        var merged = new List<KeyValuePair<string, string>>();
        foreach (var name in names)
        {
            var value = PickValue(@base.Get(name), ours.Get(name), theirs.Get(name), out var loser);
            if (loser is not null)
            {
                lost.Add(loser.Value);
            }

            if (value is not null)
            {
                merged.Add(new KeyValuePair<string, string>(name, value));
            }
        }

        losers = lost.ToList();
        return new Extras(merged);
    }

    /// <summary>A record read from one line, keeping that line.</summary>
    private interface IRecord
    {
        /// <summary>The original line without its terminator; null for a record the merge built.</summary>
        string? Line { get; }
    }

    /// <summary>An entity; observation order is kept for output but compared as a set.</summary>
    private sealed record Entity(string Name, string? EntityType, IReadOnlyList<string> Observations, Extras Extras, string? Line, int Index)
        : IRecord
    {
        public static Entity Empty(string name) => new(name, null, Array.Empty<string>(), Extras.None, null, -1);

        public static bool SameContent(Entity a, Entity b) =>
            string.Equals(a.EntityType, b.EntityType, StringComparison.Ordinal)
            && new HashSet<string>(a.Observations, StringComparer.Ordinal).SetEquals(b.Observations)
            && a.Extras.SameContent(b.Extras);

        public string ToLine()
        {
            var json = new StringBuilder("{\"type\":\"entity\",\"name\":");
            JsonText.AppendString(json, Name);
            if (EntityType is not null)
            {
                json.Append(",\"entityType\":");
                JsonText.AppendString(json, EntityType);
            }

            json.Append(",\"observations\":[");
            for (var i = 0; i < Observations.Count; i++)
            {
                json.Append(i == 0 ? string.Empty : ",");
                JsonText.AppendString(json, Observations[i]);
            }

            json.Append(']');
            return Extras.AppendTo(json).Append('}').ToString();
        }
    }

    /// <summary>Identifies a relation: (from, to, relationType), ordered ordinally in that order.</summary>
    private readonly record struct RelationKey(string From, string To, string RelationType) : IComparable<RelationKey>
    {
        public int CompareTo(RelationKey other)
        {
            var byFrom = string.CompareOrdinal(From, other.From);
            if (byFrom != 0)
            {
                return byFrom;
            }

            var byTo = string.CompareOrdinal(To, other.To);
            return byTo != 0 ? byTo : string.CompareOrdinal(RelationType, other.RelationType);
        }
    }

    /// <summary>A relation.</summary>
    private sealed record Relation(RelationKey Key, Extras Extras, string? Line, int Index) : IRecord
    {
        public static bool SameContent(Relation a, Relation b) => a.Key == b.Key && a.Extras.SameContent(b.Extras);

        public string ToLine()
        {
            var json = new StringBuilder("{\"type\":\"relation\",\"from\":");
            JsonText.AppendString(json, Key.From);
            json.Append(",\"to\":");
            JsonText.AppendString(json, Key.To);
            json.Append(",\"relationType\":");
            JsonText.AppendString(json, Key.RelationType);
            return Extras.AppendTo(json).Append('}').ToString();
        }
    }

    /// <summary>Properties the server does not define, as compact JSON values, in file order.</summary>
    private sealed class Extras
    {
        private readonly List<KeyValuePair<string, string>> _properties;

        public Extras(List<KeyValuePair<string, string>> properties) => _properties = properties;

        public static Extras None { get; } = new(new List<KeyValuePair<string, string>>());

        public IEnumerable<string> Names => _properties.Select(p => p.Key);

        public string? Get(string name)
        {
            foreach (var property in _properties)
            {
                if (string.Equals(property.Key, name, StringComparison.Ordinal))
                {
                    return property.Value;
                }
            }

            return null;
        }

        public bool SameContent(Extras other) =>
            _properties.Count == other._properties.Count
            && _properties.All(p => string.Equals(other.Get(p.Key), p.Value, StringComparison.Ordinal));

        public StringBuilder AppendTo(StringBuilder json)
        {
            foreach (var property in _properties)
            {
                json.Append(',');
                JsonText.AppendString(json, property.Key);
                json.Append(':').Append(property.Value);
            }

            return json;
        }
    }

    /// <summary>One input parsed: entities by name and relations by key, each with its first line and position.</summary>
    private sealed class Graph
    {
        private Graph(bool hasBom, Dictionary<string, Entity> entities, Dictionary<RelationKey, Relation> relations)
        {
            HasBom = hasBom;
            Entities = entities;
            Relations = relations;
        }

        public bool HasBom { get; }

        public Dictionary<string, Entity> Entities { get; }

        public Dictionary<RelationKey, Relation> Relations { get; }

        public static Graph Parse(string text, string input)
        {
            var hasBom = text.StartsWith('\uFEFF');
            var entities = new Dictionary<string, Entity>(StringComparer.Ordinal);
            var relations = new Dictionary<RelationKey, Relation>();
            var lines = text[(hasBom ? 1 : 0)..].Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].EndsWith('\r') ? lines[i][..^1] : lines[i];
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                var record = ParseLine(line, input, i + 1, entities.Count + relations.Count);
                if (record is Entity entity)
                {
                    entities[entity.Name] = entities.TryGetValue(entity.Name, out var first) ? Combine(first, entity) : entity;
                }
                else if (record is Relation relation)
                {
                    // A repeated relation is the same set member; the first line stands for it.
                    relations.TryAdd(relation.Key, relation);
                }
            }

            return new Graph(hasBom, entities, relations);
        }

        /// <summary>
        /// A hand-edited file may repeat an entity; the server would show both, so the merge keeps the union of
        /// their observations at the first one's place (written afresh, as no single line holds it).
        /// </summary>
        private static Entity Combine(Entity first, Entity repeat) =>
            first with
            {
                Observations = first.Observations.Concat(repeat.Observations).Distinct(StringComparer.Ordinal).ToList(),
                Line = null,
            };

        private static IRecord ParseLine(string line, string input, int lineNumber, int index)
        {
            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw Invalid(input, lineNumber, $"the line is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object");
                }

                var type = GetString(root, "type", input, lineNumber, required: true);
                return type switch
                {
                    "entity" => ParseEntity(root, line, input, lineNumber, index),
                    "relation" => ParseRelation(root, line, input, lineNumber, index),
                    _ => throw Invalid(input, lineNumber, $"\"type\" is \"{type}\"; expected \"entity\" or \"relation\""),
                };
            }
            catch (JsonException ex)
            {
                throw Invalid(input, lineNumber, $"the line is not valid JSON ({ex.Message})", ex);
            }
            catch (InvalidOperationException ex)
            {
                throw Invalid(input, lineNumber, $"a string cannot be read ({ex.Message})", ex);
            }
        }

        private static Entity ParseEntity(JsonElement root, string line, string input, int lineNumber, int index)
        {
            var name = GetString(root, "name", input, lineNumber, required: true)!;
            var entityType = GetString(root, "entityType", input, lineNumber, required: false);
            var observations = new List<string>();
            if (root.TryGetProperty("observations", out var array) && array.ValueKind != JsonValueKind.Null)
            {
                if (array.ValueKind != JsonValueKind.Array || array.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String))
                {
                    throw Invalid(input, lineNumber, $"\"observations\" of entity \"{name}\" must be an array of strings");
                }

                observations.AddRange(array.EnumerateArray().Select(item => item.GetString()!));
            }

            return new Entity(name, entityType, observations, ReadExtras(root, "name", "entityType", "observations"), line, index);
        }

        private static Relation ParseRelation(JsonElement root, string line, string input, int lineNumber, int index)
        {
            var key = new RelationKey(
                GetString(root, "from", input, lineNumber, required: true)!,
                GetString(root, "to", input, lineNumber, required: true)!,
                GetString(root, "relationType", input, lineNumber, required: true)!);
            return new Relation(key, ReadExtras(root, "from", "to", "relationType"), line, index);
        }

        private static string? GetString(JsonElement root, string property, string input, int lineNumber, bool required)
        {
            if (!root.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return required ? throw Invalid(input, lineNumber, $"the record has no \"{property}\"") : null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                throw Invalid(input, lineNumber, $"\"{property}\" must be a string, not a JSON {value.ValueKind.ToString().ToLowerInvariant()}");
            }

            return value.GetString();
        }

        private static Extras ReadExtras(JsonElement root, params string[] known)
        {
            var properties = new List<KeyValuePair<string, string>>();
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name == "type" || known.Contains(property.Name, StringComparer.Ordinal))
                {
                    continue;
                }

                // JSON.parse keeps the last of repeated names; so does this.
                properties.RemoveAll(p => string.Equals(p.Key, property.Name, StringComparison.Ordinal));
                properties.Add(new KeyValuePair<string, string>(property.Name, JsonText.Compact(property.Value)));
            }

            return new Extras(properties);
        }

        private static BankFileFormatException Invalid(string input, int lineNumber, string problem, Exception? inner = null) =>
            new(
                $"The knowledge graph in the {input} version is not valid JSON Lines: line {lineNumber}: {problem}. "
                + "Each line must be one JSON object with \"type\" \"entity\" (name, entityType, observations) or \"relation\" (from, to, relationType). "
                + "Fix that line and merge again; the file was not merged.",
                $"<{input}>",
                inner);
    }

    /// <summary>Writes JSON the way JavaScript's <c>JSON.stringify</c> does, so lines match the server's own.</summary>
    private static class JsonText
    {
        public static string Compact(JsonElement element)
        {
            var json = new StringBuilder();
            Append(json, element);
            return json.ToString();
        }

        public static void AppendString(StringBuilder json, string value)
        {
            json.Append('"');
            for (var i = 0; i < value.Length; i++)
            {
                var ch = value[i];
                switch (ch)
                {
                    case '"':
                        json.Append("\\\"");
                        break;
                    case '\\':
                        json.Append("\\\\");
                        break;
                    case '\b':
                        json.Append("\\b");
                        break;
                    case '\f':
                        json.Append("\\f");
                        break;
                    case '\n':
                        json.Append("\\n");
                        break;
                    case '\r':
                        json.Append("\\r");
                        break;
                    case '\t':
                        json.Append("\\t");
                        break;
                    default:
                        if (char.IsHighSurrogate(ch) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                        {
                            json.Append(ch).Append(value[++i]);
                        }
                        else if (ch < ' ' || char.IsSurrogate(ch))
                        {
                            json.Append("\\u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            json.Append(ch);
                        }

                        break;
                }
            }

            json.Append('"');
        }

        private static void Append(StringBuilder json, JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    json.Append('{');
                    var firstProperty = true;
                    foreach (var property in element.EnumerateObject())
                    {
                        json.Append(firstProperty ? string.Empty : ",");
                        firstProperty = false;
                        AppendString(json, property.Name);
                        json.Append(':');
                        Append(json, property.Value);
                    }

                    json.Append('}');
                    break;
                case JsonValueKind.Array:
                    json.Append('[');
                    var firstItem = true;
                    foreach (var item in element.EnumerateArray())
                    {
                        json.Append(firstItem ? string.Empty : ",");
                        firstItem = false;
                        Append(json, item);
                    }

                    json.Append(']');
                    break;
                case JsonValueKind.String:
                    AppendString(json, element.GetString()!);
                    break;
                default:
                    // Numbers, true, false and null: their source text is already compact.
                    json.Append(element.GetRawText());
                    break;
            }
        }
    }

    /// <summary>Counts and losers gathered while merging.</summary>
    private sealed class Tally
    {
        private readonly string _ours;
        private readonly string _theirs;
        private readonly List<LosingText> _losers = new();

        public Tally(string ours, string theirs)
        {
            _ours = ours;
            _theirs = theirs;
        }

        public int AddedFromOurs { get; private set; }

        public int AddedFromTheirs { get; private set; }

        public int Removed { get; set; }

        public IReadOnlyList<LosingText> Losers => _losers;

        /// <summary>A losing value is reported with the loser's record line as the section and its whole file.</summary>
        public void AddLoser(MergeSide side, string? recordLine) =>
            _losers.Add(new LosingText(side, recordLine ?? string.Empty, side == MergeSide.Ours ? _ours : _theirs, Stamp: null));

        /// <summary>Counts a result record that one side alone added or changed (the other side has it as in base, or neither had it).</summary>
        public void CountOneSided<T>(T? @base, T? ours, T? theirs, Func<T, T, bool> sameContent)
            where T : class
        {
            bool Changed(T? side) => side is not null && (@base is null || !sameContent(@base, side));
            bool Unchanged(T? side) => side is null ? true : @base is not null && sameContent(@base, side);

            if (Changed(ours) && Unchanged(theirs))
            {
                AddedFromOurs++;
            }
            else if (Changed(theirs) && Unchanged(ours))
            {
                AddedFromTheirs++;
            }
        }
    }
}

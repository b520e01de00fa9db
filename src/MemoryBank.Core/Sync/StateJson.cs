using System.Globalization;
using System.Text;

namespace MemoryBank.Core.Sync;

/// <summary>
/// Reads and writes the small JSON files under <c>.git/memory-bank/</c> (state, lock, journal) by hand.
/// </summary>
/// <remarks>
/// Every start and save reads the state and writes the lock, the journal and the state. System.Text.Json's
/// first use costs 15–20 ms in a fresh process, a tenth of a save, for files of a few hundred bytes. These
/// files are flat: string, number, null and boolean members, one object of strings, one array of strings.
/// The reader accepts any JSON (other tools may rewrite the files) and keeps what it understands; the
/// writer emits standard indented JSON that any parser reads. Tested against System.Text.Json both ways.
/// </remarks>
internal static class StateJson
{
    /// <summary>Writes one JSON object; <paramref name="body"/> adds its members in order.</summary>
    public static string Write(Action<ObjectWriter> body)
    {
        var writer = new ObjectWriter();
        body(writer);
        return writer.ToString();
    }

    /// <summary>
    /// Parses a JSON text whose root is an object. Members map to <see cref="string"/>, <see cref="double"/>,
    /// <see cref="bool"/>, null, nested objects (<see cref="IReadOnlyDictionary{TKey, TValue}"/>) and arrays
    /// (<see cref="IReadOnlyList{T}"/>); a repeated name keeps its last value.
    /// </summary>
    /// <exception cref="FormatException">The text is not JSON, or its root is not an object.</exception>
    public static IReadOnlyDictionary<string, object?> Parse(string text)
    {
        var reader = new Reader(text);
        reader.SkipWhiteSpace();
        if (reader.Peek() != '{')
        {
            throw new FormatException("The JSON root is not an object.");
        }

        var root = (IReadOnlyDictionary<string, object?>)reader.ReadValue(depth: 0)!;
        reader.SkipWhiteSpace();
        if (!reader.AtEnd)
        {
            throw new FormatException($"Unexpected text after the JSON object at offset {reader.Position}.");
        }

        return root;
    }

    public static string? String(IReadOnlyDictionary<string, object?> root, string name) =>
        root.TryGetValue(name, out var value) ? value as string : null;

    public static int Int(IReadOnlyDictionary<string, object?> root, string name) =>
        root.TryGetValue(name, out var value) && value is double number && number == Math.Floor(number) && number is >= int.MinValue and <= int.MaxValue ? (int)number : 0;

    public static DateTimeOffset? Time(IReadOnlyDictionary<string, object?> root, string name) =>
        String(root, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time) ? time : null;

    /// <summary>The string members of the object member <paramref name="name"/>; empty when there is none.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Strings(IReadOnlyDictionary<string, object?> root, string name) =>
        root.TryGetValue(name, out var value) && value is IReadOnlyDictionary<string, object?> members
            ? members.Where(m => m.Value is string).Select(m => new KeyValuePair<string, string>(m.Key, (string)m.Value!))
            : [];

    /// <summary>The string items of the array member <paramref name="name"/>; empty when there is none.</summary>
    public static IReadOnlyList<string> StringArray(IReadOnlyDictionary<string, object?> root, string name) =>
        root.TryGetValue(name, out var value) && value is IReadOnlyList<object?> items ? items.OfType<string>().ToArray() : [];

    private static void AppendString(StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var ch in value)
        {
            switch (ch)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    if (ch < ' ' || char.IsSurrogate(ch) || ch is '\u2028' or '\u2029')
                    {
                        // Lone surrogates cannot be written as UTF-8; paired ones round-trip escaped too.
                        builder.Append("\\u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(ch);
                    }

                    break;
            }
        }

        builder.Append('"');
    }

    /// <summary>Builds one indented JSON object, member by member.</summary>
    internal sealed class ObjectWriter
    {
        private readonly StringBuilder _builder = new("{");
        private bool _any;

        public void String(string name, string? value)
        {
            Member(name);
            if (value is null)
            {
                _builder.Append("null");
            }
            else
            {
                AppendString(_builder, value);
            }
        }

        public void Number(string name, long value)
        {
            Member(name);
            _builder.Append(value.ToString(CultureInfo.InvariantCulture));
        }

        public void Time(string name, DateTimeOffset? value) =>
            String(name, value?.ToString("O", CultureInfo.InvariantCulture));

        public void Strings(string name, IEnumerable<KeyValuePair<string, string>> members)
        {
            Member(name);
            _builder.Append('{');
            var any = false;
            foreach (var (key, value) in members)
            {
                _builder.Append(any ? ",\n    " : "\n    ");
                AppendString(_builder, key);
                _builder.Append(": ");
                AppendString(_builder, value);
                any = true;
            }

            _builder.Append(any ? "\n  }" : "}");
        }

        public void StringArray(string name, IEnumerable<string> items)
        {
            Member(name);
            _builder.Append('[');
            var any = false;
            foreach (var item in items)
            {
                _builder.Append(any ? ",\n    " : "\n    ");
                AppendString(_builder, item);
                any = true;
            }

            _builder.Append(any ? "\n  ]" : "]");
        }

        public override string ToString() => _builder.ToString() + (_any ? "\n}" : "}");

        private void Member(string name)
        {
            _builder.Append(_any ? ",\n  " : "\n  ");
            AppendString(_builder, name);
            _builder.Append(": ");
            _any = true;
        }
    }

    private sealed class Reader(string text)
    {
        // Deeper nesting than any of these files has is not worth reading (and bounds the recursion).
        private const int MaxDepth = 64;

        public int Position { get; private set; }

        public bool AtEnd => Position >= text.Length;

        public char Peek() => AtEnd ? '\0' : text[Position];

        public void SkipWhiteSpace()
        {
            while (!AtEnd && text[Position] is ' ' or '\t' or '\n' or '\r')
            {
                Position++;
            }
        }

        public object? ReadValue(int depth)
        {
            if (depth > MaxDepth)
            {
                throw Error("nesting too deep");
            }

            SkipWhiteSpace();
            switch (Peek())
            {
                case '{':
                    return ReadObject(depth);
                case '[':
                    return ReadArray(depth);
                case '"':
                    return ReadString();
                case 't':
                    Expect("true");
                    return true;
                case 'f':
                    Expect("false");
                    return false;
                case 'n':
                    Expect("null");
                    return null;
                default:
                    return ReadNumber();
            }
        }

        private Dictionary<string, object?> ReadObject(int depth)
        {
            var members = new Dictionary<string, object?>(StringComparer.Ordinal);
            Position++;
            SkipWhiteSpace();
            if (Peek() == '}')
            {
                Position++;
                return members;
            }

            while (true)
            {
                SkipWhiteSpace();
                if (Peek() != '"')
                {
                    throw Error("expected a member name");
                }

                var name = ReadString();
                SkipWhiteSpace();
                if (Peek() != ':')
                {
                    throw Error("expected ':'");
                }

                Position++;
                members[name] = ReadValue(depth + 1);
                SkipWhiteSpace();
                var next = Peek();
                Position++;
                if (next == '}')
                {
                    return members;
                }

                if (next != ',')
                {
                    throw Error("expected ',' or '}'");
                }
            }
        }

        private List<object?> ReadArray(int depth)
        {
            var items = new List<object?>();
            Position++;
            SkipWhiteSpace();
            if (Peek() == ']')
            {
                Position++;
                return items;
            }

            while (true)
            {
                items.Add(ReadValue(depth + 1));
                SkipWhiteSpace();
                var next = Peek();
                Position++;
                if (next == ']')
                {
                    return items;
                }

                if (next != ',')
                {
                    throw Error("expected ',' or ']'");
                }
            }
        }

        private string ReadString()
        {
            Position++;
            var builder = new StringBuilder();
            while (true)
            {
                if (AtEnd)
                {
                    throw Error("unterminated string");
                }

                var ch = text[Position++];
                if (ch == '"')
                {
                    return builder.ToString();
                }

                if (ch < ' ')
                {
                    throw Error("control character in a string");
                }

                if (ch != '\\')
                {
                    builder.Append(ch);
                    continue;
                }

                var escape = AtEnd ? '\0' : text[Position++];
                switch (escape)
                {
                    case '"' or '\\' or '/':
                        builder.Append(escape);
                        break;
                    case 'b':
                        builder.Append('\b');
                        break;
                    case 'f':
                        builder.Append('\f');
                        break;
                    case 'n':
                        builder.Append('\n');
                        break;
                    case 'r':
                        builder.Append('\r');
                        break;
                    case 't':
                        builder.Append('\t');
                        break;
                    case 'u' when Position + 4 <= text.Length
                        && int.TryParse(text.AsSpan(Position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                        builder.Append((char)code);
                        Position += 4;
                        break;
                    default:
                        throw Error("bad escape");
                }
            }
        }

        private double ReadNumber()
        {
            var start = Position;
            while (!AtEnd && (char.IsAsciiDigit(text[Position]) || text[Position] is '-' or '+' or '.' or 'e' or 'E'))
            {
                Position++;
            }

            if (start == Position || !double.TryParse(text.AsSpan(start, Position - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                throw Error("expected a value");
            }

            return number;
        }

        private void Expect(string word)
        {
            if (string.CompareOrdinal(text, Position, word, 0, word.Length) != 0)
            {
                throw Error($"expected '{word}'");
            }

            Position += word.Length;
        }

        private FormatException Error(string what) => new($"Not valid JSON at offset {Position}: {what}.");
    }
}

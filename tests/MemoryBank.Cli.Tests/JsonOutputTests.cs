using System.Collections;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Xunit;

namespace MemoryBank.Cli.Tests;

/// <summary>
/// The <c>--json</c> documents are written by compile-time generated serialisers, so the native CLI needs no
/// reflection. Each document type must come out exactly as the reflection-based serialiser writes it (every
/// public property, in order, enums as names), which is the format scripts were given before.
/// </summary>
public sealed class JsonOutputTests
{
    private static readonly JsonSerializerOptions s_reflection = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    /// <summary>Every root type JsonOutputContext lists.</summary>
    public static TheoryData<Type> DocumentTypes()
    {
        var data = new TheoryData<Type>();
        foreach (var attribute in typeof(JsonOutputContext).GetCustomAttributesData().Where(a => a.AttributeType == typeof(JsonSerializableAttribute)))
        {
            data.Add((Type)attribute.ConstructorArguments[0].Value!);
        }

        return data;
    }

    [Fact]
    public void DocumentTypes_ListsEveryCommandsDocument()
    {
        Assert.Equal(9, DocumentTypes().Count);
    }

    [Theory]
    [MemberData(nameof(DocumentTypes))]
    public void Serialize_EveryDocumentType_MatchesTheReflectionSerialiser(Type type)
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var value = new Samples(seed).Create(type);

            var generated = (string)typeof(JsonOutput).GetMethod(nameof(JsonOutput.Serialize), BindingFlags.Static | BindingFlags.NonPublic)!
                .MakeGenericMethod(type).Invoke(null, [value])!;
            var reflected = JsonSerializer.Serialize(value, type, s_reflection);

            Assert.True(reflected == generated, $"seed {seed}, {type}:\nexpected\n{reflected}\nactual\n{generated}");
        }
    }

    [Fact]
    public void Serialize_UnlistedType_NamesTheFix()
    {
        var error = Assert.Throws<InvalidOperationException>(() => JsonOutput.Serialize(new Version(1, 2)));

        Assert.Contains("JsonOutputContext", error.Message);
    }

    [Fact]
    public void Serialize_Enum_WritesItsName()
    {
        IReadOnlyList<Core.Sync.FileStatus> rows = [(Core.Sync.FileStatus)new Samples(1).Create(typeof(Core.Sync.FileStatus))!];

        var json = JsonOutput.Serialize(rows);

        using var document = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.String, document.RootElement[0].GetProperty("Strategy").ValueKind);
    }

    /// <summary>Generated values: every property set, collections of 0 to 2 items, nulls now and then.</summary>
    private sealed class Samples(int seed)
    {
        private readonly Random _random = new(seed);

        public object? Create(Type type, int depth = 0)
        {
            var nullable = Nullable.GetUnderlyingType(type);
            if (nullable is not null)
            {
                return _random.Next(3) == 0 ? null : Create(nullable, depth);
            }

            if (type == typeof(string))
            {
                return _random.Next(5) switch
                {
                    0 => string.Empty,
                    1 => "quote \" backslash \\ tab \t é ü 日本 <tag> & 'x'",
                    2 => "line\nbreak",
                    _ => "text-" + _random.Next(1000),
                };
            }

            if (type == typeof(bool))
            {
                return _random.Next(2) == 0;
            }

            if (type == typeof(int))
            {
                return _random.Next(-5, 500);
            }

            if (type == typeof(long))
            {
                return (long)_random.Next() * 3;
            }

            if (type == typeof(double))
            {
                return _random.NextDouble() * 100;
            }

            if (type == typeof(DateTimeOffset))
            {
                return new DateTimeOffset(2026, 11, 21, 9, _random.Next(60), _random.Next(60), TimeSpan.FromHours(_random.Next(-5, 6)));
            }

            if (type == typeof(DateTime))
            {
                return new DateTime(2026, 11, 21, 9, _random.Next(60), 0, DateTimeKind.Utc);
            }

            if (type == typeof(DateOnly))
            {
                return new DateOnly(2026, 11, 1 + _random.Next(30));
            }

            if (type == typeof(TimeSpan))
            {
                return TimeSpan.FromMinutes(_random.Next(10000));
            }

            if (type.IsEnum)
            {
                var values = Enum.GetValues(type);
                return values.GetValue(_random.Next(values.Length));
            }

            if (type.IsArray)
            {
                return List(type.GetElementType()!, depth, array: true);
            }

            if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
                && (definition == typeof(IReadOnlyList<>) || definition == typeof(IReadOnlyCollection<>) || definition == typeof(IEnumerable<>) || definition == typeof(List<>) || definition == typeof(IList<>)))
            {
                return List(type.GetGenericArguments()[0], depth, array: false);
            }

            if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) || type.GetGenericTypeDefinition() == typeof(Dictionary<,>)))
            {
                var arguments = type.GetGenericArguments();
                var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(arguments))!;
                for (var i = _random.Next(3); i > 0; i--)
                {
                    dictionary[Create(arguments[0], depth + 1)!] = Create(arguments[1], depth + 1);
                }

                return dictionary;
            }

            return Object(type, depth);
        }

        private object List(Type element, int depth, bool array)
        {
            var count = depth > 3 ? 0 : _random.Next(3);
            var items = Array.CreateInstance(element, count);
            for (var i = 0; i < count; i++)
            {
                items.SetValue(Create(element, depth + 1), i);
            }

            if (array)
            {
                return items;
            }

            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            foreach (var item in items)
            {
                list.Add(item);
            }

            return list;
        }

        private object Object(Type type, int depth)
        {
            if (type.IsInterface || type.IsAbstract || type == typeof(object))
            {
                throw new InvalidOperationException($"No sample for {type}: add a case to Samples.");
            }

            var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
            var instance = constructor.Invoke(constructor.GetParameters().Select(p => Create(p.ParameterType, depth + 1)).ToArray());
            foreach (var property in type.GetProperties(BindingFlags.Instance | BindingFlags.Public))
            {
                if (property.SetMethod is { IsPublic: true } && property.GetIndexParameters().Length == 0)
                {
                    property.SetValue(instance, Create(property.PropertyType, depth + 1));
                }
            }

            return instance;
        }
    }
}

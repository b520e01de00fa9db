using System.Text;

namespace MemoryBank.Bench.Harness;

/// <summary>A GitHub-flavoured Markdown table; columns whose header starts with a space are right-aligned.</summary>
internal sealed class MarkdownTable
{
    private readonly string[] _headers;
    private readonly List<string[]> _rows = new();

    public MarkdownTable(params string[] headers)
    {
        _headers = headers;
    }

    public MarkdownTable Add(params string[] cells)
    {
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"A row needs {_headers.Length} cells, not {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    public override string ToString()
    {
        var builder = new StringBuilder();
        builder.Append("| ").AppendJoin(" | ", _headers.Select(h => h.Trim())).Append(" |\n");
        builder.Append('|').AppendJoin('|', _headers.Select(h => h.StartsWith(' ') ? "---:" : "---")).Append("|\n");
        foreach (var row in _rows)
        {
            builder.Append("| ").AppendJoin(" | ", row).Append(" |\n");
        }

        return builder.ToString();
    }
}

using System.Text;

namespace MemoryBank.Core.Harvest;

/// <summary>
/// Appends Markdown blocks to an existing text without changing its bytes: each block starts a new
/// top-level block (see <see cref="MarkdownOutline.Separator"/>), in the text's own line ending.
/// </summary>
internal sealed class MarkdownComposer
{
    private readonly StringBuilder _text;
    private readonly List<int> _anchors = [];
    private int _settled;

    /// <summary>Starts from <paramref name="existing"/>; new lines end with <paramref name="newline"/>.</summary>
    public MarkdownComposer(string existing, string newline)
    {
        _text = new StringBuilder(existing);
        Newline = newline;
    }

    /// <summary>The line ending of new text.</summary>
    public string Newline { get; }

    /// <summary>The offsets of the blocks appended with <c>anchor</c> set: each must start a heading or a list item.</summary>
    public IReadOnlyList<int> Anchors => _anchors;

    /// <summary>
    /// Appends <paramref name="lines"/> (without line endings) as a new block, ending with a line break.
    /// With <paramref name="continueList"/>, a bullet item joins a list the text ends with instead of
    /// being set off by a blank line.
    /// </summary>
    public void AppendBlock(IEnumerable<string> lines, bool anchor = false, bool continueList = false)
    {
        _text.Append(MarkdownOutline.Separator(_text.ToString(), _settled, continueList, Newline));

        // Everything before a new top-level block is closed, so later separators parse only from here.
        _settled = _text.Length;
        if (anchor)
        {
            _anchors.Add(_text.Length);
        }

        foreach (var line in lines)
        {
            _text.Append(line).Append(Newline);
        }
    }

    /// <summary>Appends <paramref name="text"/> as it is.</summary>
    public void AppendRaw(string text) => _text.Append(text);

    /// <summary>The text so far.</summary>
    public override string ToString() => _text.ToString();
}

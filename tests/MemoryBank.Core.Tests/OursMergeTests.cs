using MemoryBank.Core.Merge;

namespace MemoryBank.Core.Tests;

public class OursMergeTests
{
    private readonly OursMerge _merge = new();

    [Theory]
    [InlineData("base\n", "ours\n", "theirs\n")]
    [InlineData("", "", "theirs\n")]
    [InlineData("base\n", "", "theirs\n")]
    [InlineData("\uFEFFbase\r\n", "\uFEFFours\r\nno final newline", "theirs\n")]
    [InlineData("same\n", "same\n", "same\n")]
    public void Merge_AnyInputs_ReturnsOursUnchanged(string @base, string ours, string theirs)
    {
        var result = _merge.Merge(@base, ours, theirs);

        Assert.Equal(ours, result.Text);
        Assert.Equal(MergeReport.Empty, result.Report);
    }

    [Fact]
    public void Merge_NullInput_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => _merge.Merge("", null!, ""));
    }
}

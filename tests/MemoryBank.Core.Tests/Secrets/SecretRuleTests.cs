using MemoryBank.Core.Secrets;

namespace MemoryBank.Core.Tests.Secrets;

public class SecretRuleTests
{
    [Fact]
    public void All_ListsTheStableRuleIds()
    {
        Assert.Equal(
            ["private-key", "aws-access-key-id", "github-token", "gitlab-token", "slack-token", "jwt", "generic-assignment"],
            SecretRule.All);
    }

    [Theory]
    [InlineData("jwt", true)]
    [InlineData("JWT", true)]
    [InlineData("generic-assignment", true)]
    [InlineData("password", false)]
    [InlineData("", false)]
    public void IsKnown_Name_MatchesCaseInsensitively(string name, bool known)
    {
        Assert.Equal(known, SecretRule.IsKnown(name));
    }
}

namespace MemoryBank.Core.Git;

/// <summary>A commit's id, parents and subject.</summary>
/// <param name="Id">The commit id.</param>
/// <param name="Parents">The parent ids, first parent first.</param>
/// <param name="Subject">The message's first paragraph, its lines joined by spaces (git's <c>%s</c>).</param>
public sealed record CommitInfo(string Id, IReadOnlyList<string> Parents, string Subject);

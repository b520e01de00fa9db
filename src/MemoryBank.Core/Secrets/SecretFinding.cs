namespace MemoryBank.Core.Secrets;

/// <summary>A likely secret found by <see cref="SecretScanner"/>. It never holds the secret itself.</summary>
/// <param name="Path">The file the secret is in, as the caller named it (bank-relative for bank files).</param>
/// <param name="Line">The 1-based line the secret starts on.</param>
/// <param name="Rule">The rule that matched, one of <see cref="SecretRule.All"/>.</param>
/// <param name="Excerpt">The secret redacted to its first four characters and an ellipsis, for example <c>ghp_…</c>.</param>
public sealed record SecretFinding(string Path, int Line, string Rule, string Excerpt);

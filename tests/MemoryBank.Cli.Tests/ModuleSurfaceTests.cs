using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using MemoryBank.Cli.Tests.Infrastructure;
using MemoryBank.Core.Completion;
using MemoryBank.Core.Sync;

namespace MemoryBank.Cli.Tests;

/// <summary>
/// Checks the PowerShell module's surface without PowerShell, which cannot run here: the manifest, the MAML
/// help, the about topic, the format file and docs/powershell.md against the cmdlet assembly's metadata,
/// read with System.Reflection.Metadata (loading MemoryBank.dll would need System.Management.Automation).
/// Also the values the argument completers offer, which Core computes. tests/Pester/Module.Tests.ps1 makes
/// the same checks through Get-Command and Get-Help where pwsh is installed.
/// </summary>
public sealed class ModuleSurfaceTests
{
    private const string ArgumentCompleterInterface = "System.Management.Automation.IArgumentCompleter";

    private static readonly XNamespace s_command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace s_maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace s_dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    // The approved verbs of PowerShell 7.4 (Get-Verb): the constants of VerbsCommon, VerbsCommunications,
    // VerbsData, VerbsDiagnostic, VerbsLifecycle, VerbsSecurity and VerbsOther.
    private static readonly HashSet<string> s_approvedVerbs = new(StringComparer.Ordinal)
    {
        "Add", "Clear", "Close", "Copy", "Enter", "Exit", "Find", "Format", "Get", "Hide", "Join", "Lock", "Move", "New", "Open",
        "Optimize", "Pop", "Push", "Redo", "Remove", "Rename", "Reset", "Resize", "Search", "Select", "Set", "Show", "Skip", "Split",
        "Step", "Switch", "Undo", "Unlock", "Watch",
        "Connect", "Disconnect", "Read", "Receive", "Send", "Write",
        "Backup", "Checkpoint", "Compare", "Compress", "Convert", "ConvertFrom", "ConvertTo", "Dismount", "Edit", "Expand", "Export",
        "Group", "Import", "Initialize", "Limit", "Merge", "Mount", "Out", "Publish", "Restore", "Save", "Sync", "Unpublish", "Update",
        "Debug", "Measure", "Ping", "Repair", "Resolve", "Test", "Trace",
        "Approve", "Assert", "Build", "Complete", "Confirm", "Deny", "Deploy", "Disable", "Enable", "Install", "Invoke", "Register",
        "Request", "Restart", "Resume", "Start", "Stop", "Submit", "Suspend", "Uninstall", "Unregister", "Wait",
        "Block", "Grant", "Protect", "Revoke", "Unblock", "Unprotect",
        "Use",
    };

    private static readonly Lazy<ModuleAssembly> s_module = new(() => ModuleAssembly.Read(Path.Combine(ModuleFolder, "MemoryBank.dll")));

    private static string RepositoryRoot => RepositoryLayout.Root;

    private static string ModuleFolder => RepositoryLayout.ModuleFolder;

    private static IReadOnlyList<CmdletMetadata> Cmdlets => s_module.Value.Cmdlets;

    [Fact]
    public void Assembly_Cmdlets_AreFound()
    {
        Assert.Contains(Cmdlets, c => c.Name == "Add-MemoryEntry");
        Assert.True(Cmdlets.Count >= 6, $"Expected at least 6 cmdlets in MemoryBank.dll, found {Cmdlets.Count}.");
    }

    [Fact]
    public void Manifest_CmdletsToExport_MatchesTheAssemblyExactly()
    {
        var exported = ManifestList("CmdletsToExport");

        Assert.Equal(Cmdlets.Select(c => c.Name).Order(StringComparer.Ordinal), exported.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Manifest_ExportLists_HaveNoWildcards()
    {
        foreach (var key in new[] { "CmdletsToExport", "FunctionsToExport", "AliasesToExport", "VariablesToExport" })
        {
            Assert.DoesNotContain(ManifestList(key), name => name.IndexOfAny(['*', '?', '[']) >= 0);
        }

        Assert.Matches(new Regex(@"^\s*CmdletsToExport\s*=\s*@\(", RegexOptions.Multiline), ManifestText);
    }

    [Fact]
    public void Manifest_RootModuleAndFormats_AreShippedInTheModuleFolder()
    {
        var rootModule = Regex.Match(ManifestText, @"^\s*RootModule\s*=\s*'([^']+)'", RegexOptions.Multiline).Groups[1].Value;
        Assert.Equal("MemoryBank.dll", rootModule);

        var formats = ManifestList("FormatsToProcess");
        Assert.NotEmpty(formats);
        foreach (var format in formats)
        {
            Assert.True(File.Exists(Path.Combine(RepositoryRoot, "module", format)), $"FormatsToProcess lists {format}, but module/{format} does not exist.");
            Assert.True(File.Exists(Path.Combine(ModuleFolder, format)), $"FormatsToProcess lists {format}, but the build did not copy it to out/MemoryBank/.");
        }
    }

    [Fact]
    public void Cmdlets_Verbs_AreApproved()
    {
        var unapproved = Cmdlets.Where(c => !s_approvedVerbs.Contains(c.Verb)).Select(c => c.Name).ToArray();

        Assert.True(unapproved.Length == 0, $"Unapproved verbs (see Get-Verb): {string.Join(", ", unapproved)}");
    }

    [Fact]
    public void Cmdlets_Classes_ArePublicSealedAndNamedAfterTheCmdlet()
    {
        foreach (var cmdlet in Cmdlets)
        {
            Assert.StartsWith("Memory", cmdlet.Noun, StringComparison.Ordinal);
            Assert.Equal($"{cmdlet.Verb}{cmdlet.Noun}Command", cmdlet.ClassName);
            Assert.True(cmdlet.IsPublicSealed, $"{cmdlet.ClassName} must be public sealed.");
            Assert.True(
                File.Exists(Path.Combine(RepositoryRoot, "src", "MemoryBank.PowerShell", "Commands", cmdlet.ClassName + ".cs")),
                $"{cmdlet.ClassName} must live in src/MemoryBank.PowerShell/Commands/{cmdlet.ClassName}.cs.");
        }
    }

    [Fact]
    public void Help_EveryCmdlet_HasSynopsisDescriptionAndTwoExamples()
    {
        foreach (var cmdlet in Cmdlets)
        {
            var command = HelpCommand(cmdlet.Name);
            var details = command.Element(s_command + "details")!;
            Assert.Equal(cmdlet.Verb, details.Element(s_command + "verb")?.Value.Trim());
            Assert.Equal(cmdlet.Noun, details.Element(s_command + "noun")?.Value.Trim());
            Assert.False(string.IsNullOrWhiteSpace(Paras(details.Element(s_maml + "description"))), $"{cmdlet.Name}: no synopsis.");
            Assert.True(Paras(command.Element(s_maml + "description")).Length >= 80, $"{cmdlet.Name}: the description is missing or too short.");

            var examples = command.Element(s_command + "examples")?.Elements(s_command + "example").ToArray() ?? [];
            var runs = examples.Count(e => (e.Element(s_dev + "code")?.Value ?? string.Empty).Contains(cmdlet.Name, StringComparison.Ordinal));
            Assert.True(runs >= 2, $"{cmdlet.Name}: {runs} example(s) run it; at least 2 are needed.");
            foreach (var example in examples)
            {
                Assert.False(string.IsNullOrWhiteSpace(example.Element(s_maml + "title")?.Value), $"{cmdlet.Name}: an example has no title.");
                Assert.False(string.IsNullOrWhiteSpace(Paras(example.Element(s_dev + "remarks"))), $"{cmdlet.Name}: an example has no remarks.");
            }

            var links = command.Element(s_command + "relatedLinks")?.Elements(s_maml + "navigationLink").ToArray() ?? [];
            Assert.True(links.Length >= 2, $"{cmdlet.Name}: needs related links (the online page, related cmdlets, about_MemoryBank).");
            Assert.Contains(links, link => link.Element(s_maml + "linkText")?.Value.Trim() == "about_MemoryBank");
        }
    }

    [Fact]
    public void Help_Commands_AreExactlyTheCmdlets()
    {
        var documented = HelpCommands().Select(c => c.Element(s_command + "details")!.Element(s_command + "name")!.Value.Trim());

        Assert.Equal(Cmdlets.Select(c => c.Name).Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Help_EveryParameter_IsDocumentedWithItsBinding()
    {
        foreach (var cmdlet in Cmdlets)
        {
            var documented = HelpCommand(cmdlet.Name).Element(s_command + "parameters")?.Elements(s_command + "parameter")
                .ToDictionary(p => p.Element(s_maml + "name")!.Value.Trim(), StringComparer.Ordinal) ?? [];
            var expected = ExpectedParameters(cmdlet);
            Assert.Equal(expected.Select(p => p.Name).Order(StringComparer.Ordinal), documented.Keys.Order(StringComparer.Ordinal));

            foreach (var parameter in expected)
            {
                var help = documented[parameter.Name];
                var where = $"{cmdlet.Name} -{parameter.Name}";
                Assert.False(string.IsNullOrWhiteSpace(Paras(help.Element(s_maml + "description"))), $"{where}: no description.");
                Assert.Equal(parameter.Mandatory ? "true" : "false", (string?)help.Attribute("required"));
                Assert.Equal(parameter.Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "named", (string?)help.Attribute("position"));
                Assert.Equal(PipelineInput(parameter), (string?)help.Attribute("pipelineInput"));
                Assert.Equal(parameter.Aliases.Count == 0 ? "none" : string.Join(", ", parameter.Aliases), (string?)help.Attribute("aliases"));
                Assert.Equal(ShortTypeName(parameter.TypeName), help.Element(s_dev + "type")?.Element(s_maml + "name")?.Value.Trim());
                Assert.Equal(ShortTypeName(parameter.TypeName), help.Element(s_command + "parameterValue")?.Value.Trim());
                Assert.False(string.IsNullOrWhiteSpace(help.Element(s_dev + "defaultValue")?.Value), $"{where}: no default value (write None when there is none).");
            }
        }
    }

    [Fact]
    public void Help_Syntax_ListsEveryParameterWithItsValueType()
    {
        foreach (var cmdlet in Cmdlets)
        {
            var items = HelpCommand(cmdlet.Name).Element(s_command + "syntax")?.Elements(s_command + "syntaxItem").ToArray() ?? [];
            var item = Assert.Single(items);
            Assert.Equal(cmdlet.Name, item.Element(s_maml + "name")?.Value.Trim());

            var syntax = item.Elements(s_command + "parameter").ToArray();
            var expected = ExpectedParameters(cmdlet);
            Assert.Equal(expected.Select(p => p.Name), syntax.Select(p => p.Element(s_maml + "name")!.Value.Trim()));
            foreach (var (parameter, help) in expected.Zip(syntax))
            {
                Assert.Equal(parameter.Mandatory ? "true" : "false", (string?)help.Attribute("required"));
                Assert.Equal(parameter.Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "named", (string?)help.Attribute("position"));
                Assert.Equal(PipelineInput(parameter), (string?)help.Attribute("pipelineInput"));
                var value = help.Element(s_command + "parameterValue")?.Value.Trim();
                Assert.Equal(parameter.IsSwitch ? null : ShortTypeName(parameter.TypeName), value);
            }
        }
    }

    [Fact]
    public void Help_InputsAndOutputs_MatchTheAssembly()
    {
        foreach (var cmdlet in Cmdlets)
        {
            var command = HelpCommand(cmdlet.Name);
            var outputs = TypeNames(command.Element(s_command + "returnValues"), s_command + "returnValue");
            IEnumerable<string> expectedOutputs = cmdlet.OutputTypes.Count == 0 ? ["None"] : cmdlet.OutputTypes.Order(StringComparer.Ordinal);
            Assert.Equal(expectedOutputs, outputs.Order(StringComparer.Ordinal));

            var pipelineTypes = cmdlet.Parameters.Where(p => p.FromPipeline || p.FromPipelineByPropertyName).Select(p => p.TypeName).Distinct().ToArray();
            var inputs = TypeNames(command.Element(s_command + "inputTypes"), s_command + "inputType");
            IEnumerable<string> expectedInputs = pipelineTypes.Length == 0 ? ["None"] : pipelineTypes.Order(StringComparer.Ordinal);
            Assert.Equal(expectedInputs, inputs.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Help_AddMemoryEntry_TakesTextFromThePipeline()
    {
        var text = Assert.Single(Cmdlets.Single(c => c.Name == "Add-MemoryEntry").Parameters, p => p.Name == "Text");
        Assert.True(text.FromPipeline);

        var help = HelpCommand("Add-MemoryEntry").Element(s_command + "parameters")!.Elements(s_command + "parameter")
            .Single(p => p.Element(s_maml + "name")!.Value.Trim() == "Text");
        Assert.Equal("True (ByValue)", (string?)help.Attribute("pipelineInput"));
    }

    [Fact]
    public void Format_EveryOutputType_HasAView()
    {
        var format = XDocument.Load(Path.Combine(RepositoryRoot, "module", "MemoryBank.format.ps1xml"));
        var viewed = format.Descendants("ViewSelectedBy").Elements("TypeName").Select(e => e.Value.Trim()).ToHashSet(StringComparer.Ordinal);

        var missing = Cmdlets.SelectMany(c => c.OutputTypes).Distinct().Where(t => !viewed.Contains(t)).ToArray();

        Assert.True(missing.Length == 0, $"No view in MemoryBank.format.ps1xml for: {string.Join(", ", missing)}");
    }

    // The module ships Core; the CLI's managed assembly is read from this test's build output, since the
    // module folder holds the native memory-bank where this machine can compile it.
    [Theory]
    [InlineData("MemoryBank.Core.dll", true)]
    [InlineData("memory-bank.dll", false)]
    public void Assembly_CoreAndCli_DoNotReferencePowerShell(string fileName, bool shipped)
    {
        using var stream = File.OpenRead(Path.Combine(shipped ? ModuleFolder : AppContext.BaseDirectory, fileName));
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();

        var references = reader.AssemblyReferences.Select(h => reader.GetString(reader.GetAssemblyReference(h).Name)).ToArray();

        Assert.Contains("System.Runtime", references);
        Assert.DoesNotContain(references, name => name == "System.Management.Automation" || name.StartsWith("Microsoft.PowerShell", StringComparison.Ordinal));
    }

    [Fact]
    public void ModuleFolder_ShipsTheHelpAndTheAboutTopic()
    {
        foreach (var file in new[] { "MemoryBank.dll-Help.xml", "about_MemoryBank.help.txt" })
        {
            var source = Path.Combine(RepositoryRoot, "module", "en-US", file);
            var shipped = Path.Combine(ModuleFolder, "en-US", file);
            Assert.True(File.Exists(shipped), $"The build did not copy module/en-US/{file} to out/MemoryBank/en-US/.");
            Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(shipped));
        }
    }

    [Fact]
    public void AboutTopic_HasTheStandardSectionsAndNamesEveryCmdlet()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot, "module", "en-US", "about_MemoryBank.help.txt"));
        var text = string.Join('\n', lines);

        Assert.Equal("TOPIC", lines[0].Trim());
        Assert.Equal("about_MemoryBank", lines[1].Trim());
        foreach (var section in new[] { "SHORT DESCRIPTION", "LONG DESCRIPTION", "EXAMPLES", "SEE ALSO" })
        {
            Assert.Contains(lines, line => line == section);
        }

        Assert.All(Cmdlets, c => Assert.Contains(c.Name, text, StringComparison.Ordinal));
        Assert.All(lines, line => Assert.True(line.Length <= 80, $"Line longer than 80 columns: {line}"));
        Assert.DoesNotContain('\t', text);
    }

    [Fact]
    public void Docs_EveryCmdletParameterAndOutputProperty_IsDescribed()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot, "docs", "powershell.md"));
        using var core = new CoreAssembly(Path.Combine(ModuleFolder, "MemoryBank.Core.dll"));

        foreach (var cmdlet in Cmdlets)
        {
            Assert.Contains($"## {cmdlet.Name}", docs, StringComparison.Ordinal);
            Assert.All(cmdlet.Parameters, p => Assert.Contains($"-{p.Name}", docs, StringComparison.Ordinal));
        }

        foreach (var type in Cmdlets.SelectMany(c => c.OutputTypes).Distinct())
        {
            Assert.Contains(type, docs, StringComparison.Ordinal);
            Assert.All(core.PublicProperties(type), property => Assert.Contains($"`{property}`", docs, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Completers_ArePublicSealedArgumentCompleters()
    {
        var completers = s_module.Value.Completers;

        Assert.Equal(["BankFileCompleter", "PersonaCompleter", "StrategyCompleter"], completers.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.All(completers, c => Assert.True(c.IsPublicSealed && c.HasPublicParameterlessConstructor, $"{c.Name} must be public sealed with a public parameterless constructor, as PowerShell creates it."));
    }

    [Theory]
    [InlineData("File", "MemoryBank.PowerShell.Completers.BankFileCompleter")]
    [InlineData("Persona", "MemoryBank.PowerShell.Completers.PersonaCompleter")]
    [InlineData("Strategy", "MemoryBank.PowerShell.Completers.StrategyCompleter")]
    public void Completers_AreAppliedToEveryParameterOfTheirName(string parameterName, string completer)
    {
        var parameters = Cmdlets.SelectMany(c => c.Parameters.Select(p => (Cmdlet: c.Name, Parameter: p))).Where(x => x.Parameter.Name == parameterName).ToArray();

        Assert.All(parameters, x => Assert.True(x.Parameter.Completer == completer, $"{x.Cmdlet} -{parameterName} must have [ArgumentCompleter(typeof({completer.Split('.')[^1]}))]."));
    }

    [Fact]
    public void Completers_PersonaAndFile_AreWhereTheBriefPutsThem()
    {
        string? CompleterOf(string cmdlet, string parameter) => Cmdlets.Single(c => c.Name == cmdlet).Parameters.Single(p => p.Name == parameter).Completer;

        Assert.EndsWith(".BankFileCompleter", CompleterOf("Add-MemoryEntry", "File"), StringComparison.Ordinal);
        foreach (var cmdlet in new[] { "Start-MemorySession", "Save-MemorySession", "Add-MemoryEntry" })
        {
            Assert.EndsWith(".PersonaCompleter", CompleterOf(cmdlet, "Persona"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void StrategyCompleter_EmptyWord_OffersEveryStrategyInOrder()
    {
        Assert.Equal(["union", "theirs", "graph", "ours"], ArgumentCandidates.Strategies(string.Empty));
        Assert.Equal(["union", "theirs", "graph", "ours"], ArgumentCandidates.Strategies(null));
    }

    [Theory]
    [InlineData("u", "union")]
    [InlineData("TH", "theirs")]
    [InlineData("'gr", "graph")]
    [InlineData("\"ours\"", "ours")]
    [InlineData("\u2018o", "ours")]
    [InlineData("\u2018ours\u2019", "ours")]
    public void StrategyCompleter_Prefix_MatchesCaseInsensitivelyIgnoringQuotes(string word, string expected)
    {
        Assert.Equal([expected], ArgumentCandidates.Strategies(word));
    }

    [Theory]
    [InlineData("x")]
    [InlineData("unions")]
    [InlineData("'theirs-")]
    public void StrategyCompleter_UnknownPrefix_OffersNothing(string word)
    {
        Assert.Empty(ArgumentCandidates.Strategies(word));
    }

    [Fact]
    public void BankFileCompleter_DefaultBank_OffersPoliciesAndMarkdownFiles()
    {
        using var repo = new TempRepository();
        repo.Write(".claude/memory-bank/team-notes.md", "# Team\n");
        repo.Write(".claude/memory-bank/.hidden.md", "x");
        repo.Write(".claude/memory-bank/graph.jsonl", "{}\n");

        var values = ArgumentCandidates.BankFiles(repo.Root, string.Empty);

        Assert.Equal(["SESSION_LOG.md", "activeContext.md", "decisions-inbox.md", "lessons-buffer.md", "patterns-buffer.md", "team-notes.md"], values);
    }

    [Fact]
    public void BankFileCompleter_Prefix_CompletesFromASubfolder()
    {
        using var repo = new TempRepository();
        var subfolder = repo.CreateFolder("src/deep/er");

        Assert.Equal(["lessons-buffer.md"], ArgumentCandidates.BankFiles(subfolder, "LESS"));
        Assert.Equal(["patterns-buffer.md"], ArgumentCandidates.BankFiles(subfolder, "'pat"));
        Assert.Empty(ArgumentCandidates.BankFiles(subfolder, "zzz"));
    }

    [Fact]
    public void BankFileCompleter_ConfiguredBank_ReadsMemoryBankJson()
    {
        using var repo = new TempRepository();
        repo.Write(".memorybank.json", """{ "bankPath": "memory", "files": { "notes/team.md": { "strategy": "union", "tier": "weekly" } } }""");
        repo.Write("memory/extra.md", "x");
        repo.Write(".claude/memory-bank/ignored.md", "x");

        var values = ArgumentCandidates.BankFiles(repo.Root, string.Empty);

        Assert.Contains("notes/team.md", values);
        Assert.Contains("extra.md", values);
        Assert.DoesNotContain("ignored.md", values);
    }

    [Fact]
    public void BankFileCompleter_WorktreeGitFile_FindsTheRoot()
    {
        using var repo = new TempRepository(gitEntryIsFile: true);

        Assert.Contains("activeContext.md", ArgumentCandidates.BankFiles(repo.CreateFolder("a"), "act"));
    }

    [Fact]
    public void BankFileCompleter_InvalidConfigOrNoRepository_OffersNothing()
    {
        using var repo = new TempRepository();
        repo.Write(".memorybank.json", """{ "bankPath": 3 }""");
        using var outside = new TempRepository(withGit: false);

        Assert.Empty(ArgumentCandidates.BankFiles(repo.Root, string.Empty));
        Assert.Empty(ArgumentCandidates.BankFiles(outside.Root, string.Empty));
        Assert.Empty(ArgumentCandidates.BankFiles(null, string.Empty));
    }

    [Fact]
    public void PersonaHistory_SessionLog_ListsPersonasMostRecentFirst()
    {
        const string log = """
            <!-- preamble -->
            # Session log

            ## 2026-11-20T08:00:00Z tech-lead
            - host: a

            ## 2026-11-21T09:16:26Z dev-engineer
            - host: b

            ## 2026-11-21T10:00:00Z tech-lead
            - note: again

            ```markdown
            ## 2026-12-01T00:00:00Z not-a-persona
            ```

            ## Notes from the retro
            ## 2026-11-19T07:00:00Z product owner
            """;

        Assert.Equal(["tech-lead", "dev-engineer", "product owner"], PersonaHistory.FromSessionLog(log));
    }

    [Fact]
    public void PersonaHistory_CrLfAndNoHeadings_AreHandled()
    {
        Assert.Equal(["ops"], PersonaHistory.FromSessionLog("## 2026-11-21T09:16:26Z ops\r\n- host: x\r\n"));
        Assert.Empty(PersonaHistory.FromSessionLog("# Session log\n\nNothing yet.\n"));
        Assert.Empty(PersonaHistory.FromSessionLog("## 2026-11-21T09:16:26Z\n### 2026-11-21T09:16:26Z deeper\n"));
    }

    [Fact]
    public void PersonaCompleter_EnvironmentPersonaFirst_ThenTheSessionLog()
    {
        using var repo = new TempRepository();
        repo.Write(".claude/memory-bank/SESSION_LOG.md", "# Session log\n\n## 2026-11-20T08:00:00Z tech-lead\n\n## 2026-11-21T08:00:00Z dev-engineer\n");

        Assert.Equal(["qa", "dev-engineer", "tech-lead"], ArgumentCandidates.Personas(repo.Root, string.Empty, "qa"));
        Assert.Equal(["tech-lead", "dev-engineer"], ArgumentCandidates.Personas(repo.Root, string.Empty, " tech-lead "));
        Assert.Equal(["tech-lead"], ArgumentCandidates.Personas(repo.Root, "'TECH", null));
        Assert.Equal(["qa"], ArgumentCandidates.Personas(null, "q", "qa"));
    }

    private static string ManifestText => File.ReadAllText(Path.Combine(RepositoryRoot, "MemoryBank.psd1"));

    private static XDocument Help => XDocument.Load(Path.Combine(RepositoryRoot, "module", "en-US", "MemoryBank.dll-Help.xml"));

    // The values of one @( ... ) list in the manifest; the manifest quotes every name with single quotes.
    private static string[] ManifestList(string key)
    {
        var match = Regex.Match(ManifestText, $@"^\s*{key}\s*=\s*@\((?<items>[^)]*)\)", RegexOptions.Multiline);
        Assert.True(match.Success, $"MemoryBank.psd1 has no {key} = @( ... ) list.");
        var items = Regex.Replace(match.Groups["items"].Value, "#[^\n]*", string.Empty);
        return Regex.Matches(items, "'([^']*)'").Select(m => m.Groups[1].Value).ToArray();
    }

    private static IEnumerable<XElement> HelpCommands()
    {
        var root = Help.Root!;
        Assert.Equal("helpItems", root.Name.LocalName);
        Assert.Equal("maml", (string?)root.Attribute("schema"));
        return root.Elements(s_command + "command");
    }

    private static XElement HelpCommand(string name)
    {
        var matches = HelpCommands().Where(c => c.Element(s_command + "details")?.Element(s_command + "name")?.Value.Trim() == name).ToArray();
        Assert.True(matches.Length == 1, $"MemoryBank.dll-Help.xml must have exactly one command:command for {name}; it has {matches.Length}.");
        return matches[0];
    }

    private static string Paras(XElement? element) =>
        element is null ? string.Empty : string.Join(' ', element.Elements(s_maml + "para").Select(p => p.Value.Trim())).Trim();

    private static string[] TypeNames(XElement? section, XName item) =>
        section?.Elements(item).Select(e => e.Element(s_dev + "type")?.Element(s_maml + "name")?.Value.Trim() ?? string.Empty).ToArray() ?? [];

    // The cmdlet's own parameters in declaration order, then the risk-mitigation parameters that
    // SupportsShouldProcess adds, which help documents like any other parameter.
    private static IReadOnlyList<CmdletParameter> ExpectedParameters(CmdletMetadata cmdlet)
    {
        var parameters = cmdlet.Parameters.ToList();
        if (cmdlet.SupportsShouldProcess)
        {
            const string Switch = "System.Management.Automation.SwitchParameter";
            parameters.Add(new CmdletParameter("WhatIf", Switch, false, null, false, false, ["wi"], null));
            parameters.Add(new CmdletParameter("Confirm", Switch, false, null, false, false, ["cf"], null));
        }

        return parameters;
    }

    private static string PipelineInput(CmdletParameter parameter) => (parameter.FromPipeline, parameter.FromPipelineByPropertyName) switch
    {
        (true, true) => "True (ByValue, ByPropertyName)",
        (true, false) => "True (ByValue)",
        (false, true) => "True (ByPropertyName)",
        _ => "False",
    };

    private static string ShortTypeName(string fullName) => fullName[(fullName.LastIndexOf('.') + 1)..];

    /// <summary>A parameter of a cmdlet as its attributes declare it.</summary>
    private sealed record CmdletParameter(
        string Name,
        string TypeName,
        bool Mandatory,
        int? Position,
        bool FromPipeline,
        bool FromPipelineByPropertyName,
        IReadOnlyList<string> Aliases,
        string? Completer)
    {
        public bool IsSwitch => TypeName == "System.Management.Automation.SwitchParameter";
    }

    /// <summary>A cmdlet class as its attributes declare it.</summary>
    private sealed record CmdletMetadata(
        string ClassName,
        bool IsPublicSealed,
        string Verb,
        string Noun,
        bool SupportsShouldProcess,
        IReadOnlyList<string> OutputTypes,
        IReadOnlyList<CmdletParameter> Parameters)
    {
        public string Name => $"{Verb}-{Noun}";
    }

    /// <summary>A class of the Completers namespace.</summary>
    private sealed record CompleterMetadata(string Name, bool IsPublicSealed, bool HasPublicParameterlessConstructor);

    /// <summary>The cmdlets and completers of MemoryBank.dll, read from its metadata without loading it.</summary>
    private sealed class ModuleAssembly
    {
        private ModuleAssembly(IReadOnlyList<CmdletMetadata> cmdlets, IReadOnlyList<CompleterMetadata> completers)
        {
            Cmdlets = cmdlets;
            Completers = completers;
        }

        public IReadOnlyList<CmdletMetadata> Cmdlets { get; }

        public IReadOnlyList<CompleterMetadata> Completers { get; }

        public static ModuleAssembly Read(string path)
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"{path} is missing; build src/MemoryBank.PowerShell first (dotnet build assembles out/MemoryBank/).", path);
            }

            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            var reader = pe.GetMetadataReader();
            var cmdlets = new List<CmdletMetadata>();
            var completers = new List<CompleterMetadata>();
            foreach (var handle in reader.TypeDefinitions)
            {
                var type = reader.GetTypeDefinition(handle);
                var cmdletAttribute = FindAttribute(reader, type.GetCustomAttributes(), "System.Management.Automation.CmdletAttribute");
                if (cmdletAttribute is { } cmdlet)
                {
                    cmdlets.Add(ReadCmdlet(reader, type, cmdlet));
                }
                else if (reader.GetString(type.Namespace) == "MemoryBank.PowerShell.Completers" && !type.Attributes.HasFlag(TypeAttributes.Abstract) && Implements(reader, type, ArgumentCompleterInterface))
                {
                    completers.Add(new CompleterMetadata(reader.GetString(type.Name), IsPublicSealed(type), HasPublicParameterlessConstructor(reader, type)));
                }
            }

            return new ModuleAssembly(cmdlets, completers);
        }

        private static CmdletMetadata ReadCmdlet(MetadataReader reader, TypeDefinition type, CustomAttributeValue<string> cmdlet)
        {
            var outputTypes = new List<string>();
            foreach (var handle in type.GetCustomAttributes())
            {
                if (AttributeName(reader, reader.GetCustomAttribute(handle)) == "System.Management.Automation.OutputTypeAttribute")
                {
                    var value = reader.GetCustomAttribute(handle).DecodeValue(TypeNameProvider.Instance);
                    foreach (var argument in (ImmutableArray<CustomAttributeTypedArgument<string>>)value.FixedArguments[0].Value!)
                    {
                        outputTypes.Add(TypeNameProvider.StripAssembly((string)argument.Value!));
                    }
                }
            }

            return new CmdletMetadata(
                reader.GetString(type.Name),
                IsPublicSealed(type),
                (string)cmdlet.FixedArguments[0].Value!,
                (string)cmdlet.FixedArguments[1].Value!,
                Named(cmdlet, "SupportsShouldProcess") is true,
                outputTypes,
                ReadParameters(reader, type));
        }

        // The [Parameter] properties of the class and of its base classes in this assembly (PSCmdlet's own
        // common parameters are added by PowerShell and are not declared this way).
        private static List<CmdletParameter> ReadParameters(MetadataReader reader, TypeDefinition type)
        {
            var parameters = new List<CmdletParameter>();
            if (type.BaseType.Kind == HandleKind.TypeDefinition)
            {
                parameters.AddRange(ReadParameters(reader, reader.GetTypeDefinition((TypeDefinitionHandle)type.BaseType)));
            }

            foreach (var handle in type.GetProperties())
            {
                var property = reader.GetPropertyDefinition(handle);
                if (FindAttribute(reader, property.GetCustomAttributes(), "System.Management.Automation.ParameterAttribute") is not { } parameter)
                {
                    continue;
                }

                var aliases = FindAttribute(reader, property.GetCustomAttributes(), "System.Management.Automation.AliasAttribute") is { } alias
                    ? ((ImmutableArray<CustomAttributeTypedArgument<string>>)alias.FixedArguments[0].Value!).Select(a => (string)a.Value!).ToArray()
                    : [];
                var completer = FindAttribute(reader, property.GetCustomAttributes(), "System.Management.Automation.ArgumentCompleterAttribute") is { } completion
                    ? TypeNameProvider.StripAssembly((string)completion.FixedArguments[0].Value!)
                    : null;
                parameters.Add(new CmdletParameter(
                    reader.GetString(property.Name),
                    property.DecodeSignature(TypeNameProvider.Instance, null).ReturnType,
                    Named(parameter, "Mandatory") is true,
                    Named(parameter, "Position") is int position && position != int.MinValue ? position : null,
                    Named(parameter, "ValueFromPipeline") is true,
                    Named(parameter, "ValueFromPipelineByPropertyName") is true,
                    aliases,
                    completer));
            }

            return parameters;
        }

        private static bool Implements(MetadataReader reader, TypeDefinition type, string interfaceName)
        {
            foreach (var handle in type.GetInterfaceImplementations())
            {
                if (TypeNameProvider.Instance.NameOf(reader, reader.GetInterfaceImplementation(handle).Interface) == interfaceName)
                {
                    return true;
                }
            }

            return type.BaseType.Kind == HandleKind.TypeDefinition && Implements(reader, reader.GetTypeDefinition((TypeDefinitionHandle)type.BaseType), interfaceName);
        }

        private static bool HasPublicParameterlessConstructor(MetadataReader reader, TypeDefinition type) =>
            type.GetMethods().Select(reader.GetMethodDefinition).Any(method =>
                reader.GetString(method.Name) == ".ctor"
                && (method.Attributes & MethodAttributes.MemberAccessMask) == MethodAttributes.Public
                && method.DecodeSignature(TypeNameProvider.Instance, null).ParameterTypes.Length == 0);

        private static bool IsPublicSealed(TypeDefinition type) =>
            (type.Attributes & TypeAttributes.VisibilityMask) == TypeAttributes.Public && type.Attributes.HasFlag(TypeAttributes.Sealed);

        private static CustomAttributeValue<string>? FindAttribute(MetadataReader reader, CustomAttributeHandleCollection attributes, string name)
        {
            foreach (var handle in attributes)
            {
                var attribute = reader.GetCustomAttribute(handle);
                if (AttributeName(reader, attribute) == name)
                {
                    return attribute.DecodeValue(TypeNameProvider.Instance);
                }
            }

            return null;
        }

        private static string AttributeName(MetadataReader reader, CustomAttribute attribute) => attribute.Constructor.Kind switch
        {
            HandleKind.MemberReference => TypeNameProvider.Instance.NameOf(reader, reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent),
            HandleKind.MethodDefinition => TypeNameProvider.Instance.NameOf(reader, reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType()),
            _ => string.Empty,
        };

        private static object? Named(CustomAttributeValue<string> value, string name) =>
            value.NamedArguments.Where(a => a.Name == name).Select(a => a.Value).FirstOrDefault();
    }

    /// <summary>The public instance properties of MemoryBank.Core's types, read from metadata.</summary>
    private sealed class CoreAssembly : IDisposable
    {
        private readonly PEReader _pe;
        private readonly MetadataReader _reader;

        public CoreAssembly(string path)
        {
            _pe = new PEReader(File.OpenRead(path));
            _reader = _pe.GetMetadataReader();
        }

        public IReadOnlyList<string> PublicProperties(string fullName)
        {
            var type = _reader.TypeDefinitions.Select(_reader.GetTypeDefinition)
                .Single(t => $"{_reader.GetString(t.Namespace)}.{_reader.GetString(t.Name)}" == fullName);
            return type.GetProperties().Select(_reader.GetPropertyDefinition)
                .Where(p => !p.GetAccessors().Getter.IsNil && (_reader.GetMethodDefinition(p.GetAccessors().Getter).Attributes & MethodAttributes.MemberAccessMask) == MethodAttributes.Public)
                .Select(p => _reader.GetString(p.Name))
                .ToArray();
        }

        public void Dispose() => _pe.Dispose();
    }

    /// <summary>Names types by their full names, for decoding signatures and attribute values.</summary>
    private sealed class TypeNameProvider : ISignatureTypeProvider<string, object?>, ICustomAttributeTypeProvider<string>
    {
        public static readonly TypeNameProvider Instance = new();

        public static string StripAssembly(string serializedName)
        {
            var comma = serializedName.IndexOf(',', StringComparison.Ordinal);
            return comma < 0 ? serializedName : serializedName[..comma];
        }

        public string NameOf(MetadataReader reader, EntityHandle handle) => handle.Kind switch
        {
            HandleKind.TypeDefinition => GetTypeFromDefinition(reader, (TypeDefinitionHandle)handle, 0),
            HandleKind.TypeReference => GetTypeFromReference(reader, (TypeReferenceHandle)handle, 0),
            _ => string.Empty,
        };

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => "System." + typeCode;

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            var type = reader.GetTypeDefinition(handle);
            return $"{reader.GetString(type.Namespace)}.{reader.GetString(type.Name)}";
        }

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var type = reader.GetTypeReference(handle);
            return $"{reader.GetString(type.Namespace)}.{reader.GetString(type.Name)}";
        }

        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', shape.Rank - 1) + "]";

        public string GetByReferenceType(string elementType) => elementType + "&";

        public string GetPointerType(string elementType) => elementType + "*";

        public string GetPinnedType(string elementType) => elementType;

        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => $"{genericType}<{string.Join(",", typeArguments)}>";

        public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;

        public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;

        public string GetFunctionPointerType(MethodSignature<string> signature) => "method";

        public string GetSystemType() => "System.Type";

        public string GetTypeFromSerializedName(string name) => name;

        public bool IsSystemType(string type) => type == "System.Type";

        // The only enum in these attributes is ConfirmImpact, an int.
        public PrimitiveTypeCode GetUnderlyingEnumType(string type) => PrimitiveTypeCode.Int32;
    }

    /// <summary>
    /// A throwaway work tree: a folder with a .git entry (git itself is not needed). Its bank folder starts
    /// empty; the default policies still name the five seed files.
    /// </summary>
    private sealed class TempRepository : IDisposable
    {
        public TempRepository(bool withGit = true, bool gitEntryIsFile = false)
        {
            Root = Path.Combine(Path.GetTempPath(), "mb-surface-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(Root);
            if (withGit && gitEntryIsFile)
            {
                File.WriteAllText(Path.Combine(Root, ".git"), "gitdir: /elsewhere/.git/worktrees/x\n");
            }
            else if (withGit)
            {
                Directory.CreateDirectory(Path.Combine(Root, ".git"));
            }
        }

        public string Root { get; }

        public void Write(string relativePath, string text)
        {
            var path = Path.Combine(Root, relativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }

        public string CreateFolder(string relativePath) => Directory.CreateDirectory(Path.Combine(Root, relativePath)).FullName;

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace MemoryBank.Cli.Tests.Sync;

/// <summary>
/// Six clones, hundreds of seeded random operations, then everyone saves and starts until quiet: all clones
/// converge on origin/main, and the result matches a reference model of what must survive.
/// </summary>
public sealed class ConvergenceSimulationTests(ITestOutputHelper output)
{
    private const int DefaultSeed = 20261121;
    private const int Operations = 240;

    [Fact]
    public void SixClones_SeededRandomOperations_ConvergeWithNothingLost()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("MEMORYBANK_SIM_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var fromEnvironment) ? fromEnvironment : DefaultSeed;
        output.WriteLine($"seed {seed}");
        var clock = Stopwatch.StartNew();
        using var simulation = new ConvergenceSimulation(seed);
        var scenario = simulation.Scenario;

        simulation.Run(Operations);
        var rounds = simulation.SettleAll(maxRounds: 5);
        output.WriteLine($"{Operations} operations, {simulation.Entries.Count} entries, {simulation.Writes.Count} activeContext writes, {simulation.OfflineSaves} offline saves, settled in {rounds} rounds, {clock.Elapsed}");
        Assert.True(rounds <= 5, simulation.Describe("the clones did not settle in five save-and-start rounds"));

        // Every clone holds exactly origin/main's bank, committed and clean, on a main that follows origin/main.
        var tip = scenario.RemoteTip();
        var remoteFiles = scenario.RemoteBankFiles();
        foreach (var (persona, clone) in simulation.Clones)
        {
            var workTree = ConvergenceSimulation.WorkTreeBank(clone);
            Assert.True(remoteFiles.Order(StringComparer.Ordinal).SequenceEqual(workTree.Keys), simulation.Describe($"{persona}'s bank files [{string.Join(", ", workTree.Keys)}] differ from origin/main's [{string.Join(", ", remoteFiles)}]"));
            foreach (var file in remoteFiles)
            {
                var remoteBytes = scenario.Sandbox.Git(scenario.RemotePath, "rev-parse", $"{tip}:{SyncScenario.BankPath}/{file}");
                var localBytes = scenario.Sandbox.Git(clone, "hash-object", "--no-filters", SyncScenario.BankFile(clone, file));
                Assert.True(remoteBytes == localBytes, simulation.Describe($"{persona}'s {file} differs from origin/main's"));
            }

            Assert.True(scenario.StatusLines(clone).Count == 0, simulation.Describe($"{persona}'s clone is not clean: {string.Join("; ", scenario.StatusLines(clone))}"));
            Assert.True(scenario.Git(clone, "rev-parse", "HEAD") == tip, simulation.Describe($"{persona}'s main does not follow origin/main"));
        }

        Assert.True(scenario.Git(scenario.RemotePath, "rev-list", "--merges", "refs/heads/main").Length == 0, simulation.Describe("sync created merge commits on main"));

        var texts = remoteFiles.ToDictionary(f => f, f => scenario.RemoteBank(f, tip)!, StringComparer.Ordinal);
        foreach (var (file, text) in texts)
        {
            Assert.False(text.Contains("<<<<<<<", StringComparison.Ordinal), simulation.Describe($"{file} on origin/main holds a conflict marker"));
        }

        // Entries: each live one exactly once, in its own file; each deleted one nowhere.
        var counts = new Dictionary<(string File, int Id), int>();
        foreach (var (file, text) in texts.Where(t => !t.Key.StartsWith("conflicts/", StringComparison.Ordinal)))
        {
            foreach (var id in ConvergenceSimulation.EntryIds(text))
            {
                counts[(file, id)] = counts.GetValueOrDefault((file, id)) + 1;
            }
        }

        foreach (var (id, (file, alive)) in simulation.Entries)
        {
            var here = counts.GetValueOrDefault((file, id));
            var elsewhere = counts.Where(c => c.Key.Id == id && c.Key.File != file).Sum(c => c.Value);
            if (alive)
            {
                Assert.True(here == 1 && elsewhere == 0, simulation.Describe($"live entry-{id:0000} appears {here} times in {file} and {elsewhere} times elsewhere"));
            }
            else
            {
                Assert.True(here + elsewhere == 0, simulation.Describe($"deleted entry-{id:0000} ({file}) survived {here + elsewhere} times"));
            }
        }

        // activeContext: the latest write wins; every write lost to a concurrent one survives as a conflict copy.
        if (simulation.Writes.Count > 0)
        {
            var latest = simulation.Writes[^1];
            Assert.True(
                ActiveContextWrite.Unstamped(texts["activeContext.md"]) == latest.Text,
                simulation.Describe($"activeContext.md on origin/main is not the latest write (write-{latest.Id:000} by {latest.Persona}):\n{texts["activeContext.md"]}"));

            var copies = texts.Where(t => t.Key.StartsWith("conflicts/activeContext.", StringComparison.Ordinal)).ToDictionary(t => t.Key, t => ActiveContextWrite.Unstamped(t.Value));
            foreach (var (path, text) in copies)
            {
                Assert.True(simulation.Writes.Any(w => w.Text == text), simulation.Describe($"conflict copy {path} is not any write:\n{text}"));
            }

            foreach (var write in simulation.Writes.Where(w => w.Id != latest.Id && !simulation.ReplacedKnowingly.Contains(w.Id)))
            {
                var expectedName = $"conflicts/activeContext.{write.Written:yyyyMMdd'T'HHmmss'Z'}.{write.Persona}.md";
                Assert.True(
                    copies.TryGetValue(expectedName, out var copy) && copy == write.Text,
                    simulation.Describe($"write-{write.Id:000} by {write.Persona} lost without a conflict copy ({expectedName}); copies: {string.Join(", ", copies.Keys)}"));
            }

            output.WriteLine($"{copies.Count} activeContext conflict copies for {simulation.ConflictedRewrites} concurrently lost writes");
        }

        output.WriteLine($"done in {clock.Elapsed}");
    }
}

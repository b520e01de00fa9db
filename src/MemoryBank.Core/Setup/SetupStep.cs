namespace MemoryBank.Core.Setup;

/// <summary>One change <c>init</c> would make. Callers ask for confirmation, then <see cref="Apply"/> it.</summary>
public sealed class SetupStep
{
    private readonly Action _apply;

    /// <summary>Creates a step.</summary>
    public SetupStep(string action, string target, string detail, Action apply)
    {
        Action = action;
        Target = target;
        Detail = detail;
        _apply = apply;
    }

    /// <summary>What the step does: Create, Update or Register.</summary>
    public string Action { get; }

    /// <summary>The file or git config key it changes.</summary>
    public string Target { get; }

    /// <summary>A sentence for people.</summary>
    public string Detail { get; }

    /// <summary>Makes the change.</summary>
    public SetupResult Apply()
    {
        _apply();
        return new SetupResult(Action, Target, Detail);
    }
}

/// <summary>A change <c>init</c> made. Property names match the CLI's <c>--json</c> fields.</summary>
public sealed class SetupResult
{
    /// <summary>Creates a result.</summary>
    public SetupResult(string action, string target, string detail)
    {
        Action = action;
        Target = target;
        Detail = detail;
    }

    /// <summary>Create, Update or Register.</summary>
    public string Action { get; }

    /// <summary>The file or git config key changed.</summary>
    public string Target { get; }

    /// <summary>A sentence for people.</summary>
    public string Detail { get; }
}

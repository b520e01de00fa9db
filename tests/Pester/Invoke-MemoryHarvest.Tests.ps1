#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Runs Invoke-MemoryHarvest against a bare remote and a throwaway clone of it, with real git and a fixed
# identity, and reads what it published straight from the remote. ConfirmImpact is High, so every run
# passes -WhatIf or -Confirm:$false: a prompt would hang the test.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $testEnvironment = Initialize-TestEnvironment
    $testRoot = $testEnvironment.Root

    # Two patterns, one lesson and one decision: every buffer has an entry, none reaches its threshold.
    function Add-TestEntry {
        param([string] $Clone)

        "wrap git calls in GitClient`nnever build a shell string", 'validate config at startup' |
            Add-MemoryEntry -Path $Clone -File patterns -Persona alice | Out-Null
        Add-MemoryEntry -Path $Clone -File lessons -Text "the import timed out`nFix: stream the rows." -Persona alice | Out-Null
        Add-MemoryEntry -Path $Clone -File decisions -Text "use PostgreSQL 16`nContext: we need JSONB.`nDecision: PostgreSQL 16, managed." -Persona alice | Out-Null
    }

    # Every file's path and SHA-256 outside .git, to show that a command wrote nothing.
    function Get-TreeFingerprint {
        param([string] $Clone)

        $gitFolder = (Join-Path $Clone '.git') + [System.IO.Path]::DirectorySeparatorChar
        $lines = Get-ChildItem -LiteralPath $Clone -File -Recurse -Force |
            Where-Object { -not $_.FullName.StartsWith($gitFolder, [System.StringComparison]::Ordinal) } |
            Sort-Object FullName |
            ForEach-Object { '{0} {1}' -f $_.FullName.Substring($Clone.Length), (Get-FileHash -LiteralPath $_.FullName -Algorithm SHA256).Hash }
        $lines -join "`n"
    }

    function Get-RemoteFile {
        param([string] $Remote, [string] $File)

        (Invoke-TestGit -C $Remote show "main:$File") -join "`n"
    }

    $patternsTarget = 'Docs/03-Reference/Patterns.md'
    $adrTarget = 'Docs/03-Reference/ADR/ADR-001-use-postgresql-16.md'

    # Progress bars only clutter the test output.
    $ProgressPreference = 'SilentlyContinue'
}

AfterAll {
    Restore-TestEnvironment -TestEnvironment $testEnvironment
}

Describe 'Invoke-MemoryHarvest' {
    BeforeEach {
        $team = New-TestTeam -AliceOnly
        Add-TestEntry -Clone $team.Alice
    }

    Context 'harvesting' {
        It 'outputs one HarvestItem per harvested entry' {
            $results = @(Invoke-MemoryHarvest -Path $team.Alice -Persona alice -Force -Confirm:$false)

            $results | Should -HaveCount 4
            $results | ForEach-Object { $_ | Should -BeOfType ([MemoryBank.Core.Harvest.HarvestItem]) }
            (Get-Command Invoke-MemoryHarvest).OutputType.Type | Should -Contain ([MemoryBank.Core.Harvest.HarvestItem])
        }

        It 'with -Force and -Confirm:$false, harvests the buffers below their thresholds and publishes one commit' {
            $before = Get-RemoteTip -Remote $team.Remote

            $results = @(Invoke-MemoryHarvest -Path $team.Alice -Persona alice -Force -Confirm:$false)

            $results.SourceFile | Should -Be @('patterns-buffer.md', 'patterns-buffer.md', 'lessons-buffer.md', 'decisions-inbox.md')
            $decision = $results | Where-Object Kind -eq 'Decisions'
            $decision.AdrNumber | Should -Be 1
            $decision.TargetFile | Should -BeExactly $adrTarget
            $decision.Title | Should -BeExactly 'use PostgreSQL 16'
            $decision.Persona | Should -BeExactly 'alice'

            Invoke-TestGit -C $team.Remote rev-parse 'main~1' | Should -BeExactly $before
            Invoke-TestGit -C $team.Remote log -1 --format=%s main | Should -Match 'harvest: 4 entries'
            Get-RemoteFile -Remote $team.Remote -File $patternsTarget | Should -Match 'wrap git calls in GitClient'
            Get-RemoteFile -Remote $team.Remote -File $adrTarget | Should -Match '(?m)^# ADR-001: use PostgreSQL 16$'
            Get-RemoteFile -Remote $team.Remote -File "$bankPath/decisions-inbox.md" | Should -Not -Match 'PostgreSQL'
            Get-Content -LiteralPath (Join-Path $team.Alice $adrTarget) -Raw | Should -Match 'Context'
            Invoke-TestGit -C $team.Alice status --porcelain | Should -BeNullOrEmpty
        }

        It 'without -Force, leaves the buffers below their thresholds alone' {
            $before = Get-RemoteTip -Remote $team.Remote

            $results = @(Invoke-MemoryHarvest -Path $team.Alice -Persona alice -Confirm:$false)

            $results | Should -HaveCount 0
            Get-RemoteTip -Remote $team.Remote | Should -BeExactly $before
            Get-Content -LiteralPath (Join-Path $team.Alice $bankPath 'decisions-inbox.md') -Raw | Should -Match 'use PostgreSQL 16'
            Join-Path $team.Alice $adrTarget | Should -Not -Exist
        }

        It 'with -NoPublish, commits locally as a pending publish' {
            $before = Get-RemoteTip -Remote $team.Remote

            $results = @(Invoke-MemoryHarvest -Path $team.Alice -Persona alice -Force -NoPublish -Confirm:$false)

            $results | Should -HaveCount 4
            Get-RemoteTip -Remote $team.Remote | Should -BeExactly $before
            Invoke-TestGit -C $team.Alice log -1 --format=%s refs/memory-bank/pending | Should -Match 'harvest: 4 entries'
            Join-Path $team.Alice $adrTarget | Should -Exist
        }
    }

    Context '-WhatIf' {
        It 'changes nothing, publishes nothing and outputs nothing' {
            $remoteBefore = Get-RemoteTip -Remote $team.Remote
            $before = Get-TreeFingerprint -Clone $team.Alice
            $gitBefore = Get-GitFingerprint -Clone $team.Alice

            $results = @(Invoke-MemoryHarvest -Path $team.Alice -Persona alice -Force -WhatIf)

            $results | Should -HaveCount 0
            Get-RemoteTip -Remote $team.Remote | Should -BeExactly $remoteBefore
            Get-TreeFingerprint -Clone $team.Alice | Should -BeExactly $before
            Get-GitFingerprint -Clone $team.Alice | Should -BeExactly $gitBefore
            Join-Path $team.Alice 'Docs' | Should -Not -Exist
        }
    }

    Context 'binding' {
        It 'uses the current PowerShell location when -Path is omitted' {
            Push-Location -LiteralPath $team.Alice
            try {
                $results = @(Invoke-MemoryHarvest -Persona alice -Force -Confirm:$false)
            }
            finally {
                Pop-Location
            }

            $results | Should -HaveCount 4
        }

        It 'accepts the path positionally' {
            $results = @(Invoke-MemoryHarvest $team.Alice -Persona alice -Force -Confirm:$false)

            $results | Should -HaveCount 4
        }

        It 'takes no pipeline input, has High ConfirmImpact, and completes -Persona' {
            $command = Get-Command Invoke-MemoryHarvest

            $command.Parameters.Values | Where-Object { Test-PipelineParameter $_ } | Should -BeNullOrEmpty
            $command.Parameters['Force'].SwitchParameter | Should -BeTrue
            $command.Parameters['NoPublish'].SwitchParameter | Should -BeTrue
            $command.Parameters['AllowSecret'].ParameterType | Should -Be ([string[]])
            $command.Parameters['Persona'].Attributes | Where-Object { $_ -is [System.Management.Automation.ArgumentCompleterAttribute] } | Should -HaveCount 1
            $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false).ConfirmImpact | Should -Be 'High'
        }
    }

    Context 'errors' {
        It 'writes HarvestTargetDirty when a target document has uncommitted changes, and publishes nothing' {
            # A first harvest creates and commits Patterns.md; then it is edited but not committed.
            Invoke-MemoryHarvest -Path $team.Alice -Persona alice -Force -Confirm:$false | Out-Null
            Add-MemoryEntry -Path $team.Alice -File patterns -Text 'paginate with an opaque cursor' -Persona alice | Out-Null
            Add-Content -LiteralPath (Join-Path $team.Alice $patternsTarget) -Value '- a local draft'
            $remoteBefore = Get-RemoteTip -Remote $team.Remote

            $results = @(Invoke-MemoryHarvest -Path $team.Alice -Persona alice -Force -Confirm:$false -ErrorVariable harvestErrors -ErrorAction SilentlyContinue)

            $results | Should -HaveCount 0
            $harvestErrors | Should -HaveCount 1
            $harvestErrors[0].FullyQualifiedErrorId | Should -BeExactly 'HarvestTargetDirty,MemoryBank.PowerShell.Commands.InvokeMemoryHarvestCommand'
            $harvestErrors[0].TargetObject | Should -BeExactly $patternsTarget
            Get-RemoteTip -Remote $team.Remote | Should -BeExactly $remoteBefore
            Get-Content -LiteralPath (Join-Path $team.Alice $bankPath 'patterns-buffer.md') -Raw | Should -Match 'paginate with an opaque cursor'
        }

        It 'ends with UnsafeRepositoryState on a detached HEAD' {
            Invoke-TestGit -C $team.Alice checkout --quiet --detach | Out-Null

            $record = { Invoke-MemoryHarvest -Path $team.Alice -Persona alice -Force -Confirm:$false } | Should -Throw -PassThru

            $record.FullyQualifiedErrorId | Should -BeExactly 'UnsafeRepositoryState,MemoryBank.PowerShell.Commands.InvokeMemoryHarvestCommand'
        }
    }
}

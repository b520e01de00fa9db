#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Runs Save-MemorySession against a bare remote and two throwaway clones of it, with real git and a fixed
# identity, and reads what it published straight from the remote.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $testEnvironment = Initialize-TestEnvironment
    $testRoot = $testEnvironment.Root

    # Progress bars only clutter the test output.
    $ProgressPreference = 'SilentlyContinue'
}

AfterAll {
    Restore-TestEnvironment -TestEnvironment $testEnvironment
}

Describe 'Save-MemorySession' {
    BeforeEach {
        $team = New-TestTeam
        $aliceLessons = Join-Path $team.Alice $bankPath 'lessons-buffer.md'
        $remoteLessons = "main:$bankPath/lessons-buffer.md"
    }

    Context 'publishing' {
        BeforeEach {
            Add-MemoryEntry -Path $team.Alice -File lessons -Text 'retry flaky network tests once' -Persona alice | Out-Null
        }

        It 'outputs one SessionResult' {
            $results = @(Save-MemorySession -Path $team.Alice -Persona alice)

            $results | Should -HaveCount 1
            $results[0] | Should -BeOfType ([MemoryBank.Core.Sync.SessionResult])
            (Get-Command Save-MemorySession).OutputType.Type | Should -Contain ([MemoryBank.Core.Sync.SessionResult])
        }

        It 'publishes the bank to the sync branch as one commit on top of it' {
            $before = Get-RemoteTip -Remote $team.Remote

            $result = Save-MemorySession -Path $team.Alice -Persona alice

            $result.Operation | Should -BeExactly 'Save'
            $result.Published | Should -BeTrue
            $result.Pending | Should -BeFalse
            $result.Commit | Should -BeExactly (Get-RemoteTip -Remote $team.Remote)
            Invoke-TestGit -C $team.Remote rev-parse "$($result.Commit)^" | Should -BeExactly $before
            ($result.Files | Where-Object File -eq 'lessons-buffer.md').Added | Should -Be 1
            (Invoke-TestGit -C $team.Remote show $remoteLessons) -join "`n" | Should -Match 'retry flaky network tests once'
        }

        It 'records -Message in SESSION_LOG.md and in the commit message' {
            $result = Save-MemorySession -Path $team.Alice -Persona alice -Message 'wrapped up the login bug'

            (Invoke-TestGit -C $team.Remote log -1 --format=%B $result.Commit) -join "`n" | Should -Match 'wrapped up the login bug'
            Get-Content -LiteralPath (Join-Path $team.Alice $bankPath 'SESSION_LOG.md') -Raw | Should -Match 'wrapped up the login bug'
        }

        It 'merges what another clone published first, without forcing' {
            $alice = Save-MemorySession -Path $team.Alice -Persona alice
            Add-MemoryEntry -Path $team.Bob -File lessons -Text 'only bob has this entry' -Persona bob | Out-Null

            $bob = Save-MemorySession -Path $team.Bob -Persona bob

            $bob.Published | Should -BeTrue
            { Invoke-TestGit -C $team.Remote merge-base --is-ancestor $alice.Commit $bob.Commit } | Should -Not -Throw
            $published = (Invoke-TestGit -C $team.Remote show $remoteLessons) -join "`n"
            $published | Should -Match 'retry flaky network tests once'
            $published | Should -Match 'only bob has this entry'
        }

        It 'reaches the other clone through Start-MemorySession' {
            Save-MemorySession -Path $team.Alice -Persona alice | Out-Null

            Start-MemorySession -Path $team.Bob -Persona bob | Out-Null

            Get-Content -LiteralPath (Join-Path $team.Bob $bankPath 'lessons-buffer.md') -Raw | Should -Match 'retry flaky network tests once'
        }

        It 'commits locally with -Local, and the next start publishes' {
            $before = Get-RemoteTip -Remote $team.Remote

            $result = Save-MemorySession -Path $team.Alice -Persona alice -Local

            $result.Published | Should -BeFalse
            $result.Pending | Should -BeTrue
            Invoke-TestGit -C $team.Alice rev-parse refs/memory-bank/pending | Should -BeExactly $result.Commit
            Get-RemoteTip -Remote $team.Remote | Should -BeExactly $before

            $start = Start-MemorySession -Path $team.Alice -Persona alice

            $start.Published | Should -BeTrue
            Get-RemoteTip -Remote $team.Remote | Should -BeExactly $result.Commit
        }
    }

    Context '-WhatIf' {
        It 'commits nothing, publishes nothing and outputs nothing' {
            Add-MemoryEntry -Path $team.Alice -File lessons -Text 'retry flaky network tests once' -Persona alice | Out-Null
            $remoteBefore = Get-RemoteTip -Remote $team.Remote
            $before = Get-BankFingerprint -Clone $team.Alice
            $gitBefore = Get-GitFingerprint -Clone $team.Alice

            $results = @(Save-MemorySession -Path $team.Alice -Persona alice -Message 'not saved' -WhatIf)
            $results += @(Save-MemorySession -Path $team.Alice -Persona alice -Local -WhatIf)

            $results | Should -HaveCount 0
            Get-RemoteTip -Remote $team.Remote | Should -BeExactly $remoteBefore
            Get-BankFingerprint -Clone $team.Alice | Should -BeExactly $before
            Get-GitFingerprint -Clone $team.Alice | Should -BeExactly $gitBefore
        }
    }

    Context 'binding' {
        It 'uses the current PowerShell location when -Path is omitted' {
            Add-MemoryEntry -Path $team.Alice -File lessons -Text 'retry flaky network tests once' -Persona alice | Out-Null
            Push-Location -LiteralPath $team.Alice
            try {
                $result = Save-MemorySession -Persona alice
            }
            finally {
                Pop-Location
            }

            $result.Published | Should -BeTrue
        }

        It 'accepts the path positionally' {
            Add-MemoryEntry -Path $team.Alice -File lessons -Text 'retry flaky network tests once' -Persona alice | Out-Null

            $result = Save-MemorySession $team.Alice -Persona alice

            $result.Persona | Should -BeExactly 'alice'
        }

        It 'takes no pipeline input; -AllowDeletes and -Local are switches' {
            $command = Get-Command Save-MemorySession

            $command.Parameters.Values | Where-Object { Test-PipelineParameter $_ } | Should -BeNullOrEmpty
            $command.Parameters['AllowDeletes'].SwitchParameter | Should -BeTrue
            $command.Parameters['Local'].SwitchParameter | Should -BeTrue
        }
    }

    Context 'errors' {
        BeforeEach {
            # Twelve published entries, then the buffer cut back to its seed text: a mass deletion.
            $seed = [System.IO.File]::ReadAllText($aliceLessons)
            1..12 | ForEach-Object { "lesson $_" } | Add-MemoryEntry -Path $team.Alice -File lessons -Persona alice | Out-Null
            Save-MemorySession -Path $team.Alice -Persona alice | Out-Null
            [System.IO.File]::WriteAllText($aliceLessons, $seed)
        }

        It 'writes MassDeletionBlocked for a truncated buffer, and publishes nothing' {
            $remoteBefore = Get-RemoteTip -Remote $team.Remote

            $results = @(Save-MemorySession -Path $team.Alice -Persona alice -ErrorVariable saveErrors -ErrorAction SilentlyContinue)

            $results | Should -HaveCount 0
            $saveErrors | Should -HaveCount 1
            $saveErrors[0].FullyQualifiedErrorId | Should -BeExactly 'MassDeletionBlocked,MemoryBank.PowerShell.Commands.SaveMemorySessionCommand'
            $saveErrors[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $saveErrors[0].TargetObject | Should -BeExactly 'lessons-buffer.md'
            Get-RemoteTip -Remote $team.Remote | Should -BeExactly $remoteBefore
        }

        It 'publishes the deletion with -AllowDeletes' {
            $result = Save-MemorySession -Path $team.Alice -Persona alice -AllowDeletes

            $result.Published | Should -BeTrue
            ($result.Files | Where-Object File -eq 'lessons-buffer.md').Removed | Should -Be 12
        }

        It 'ends with UnsafeRepositoryState on a detached HEAD' {
            Invoke-TestGit -C $team.Alice checkout --quiet --detach | Out-Null

            $record = { Save-MemorySession -Path $team.Alice -Persona alice -AllowDeletes } | Should -Throw -PassThru

            $record.FullyQualifiedErrorId | Should -BeExactly 'UnsafeRepositoryState,MemoryBank.PowerShell.Commands.SaveMemorySessionCommand'
        }
    }
}

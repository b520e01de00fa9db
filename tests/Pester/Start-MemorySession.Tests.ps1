#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Runs Start-MemorySession against a bare remote and two throwaway clones of it, with real git and a fixed
# identity: what one clone saves, the other starts with.

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

Describe 'Start-MemorySession' {
    BeforeEach {
        $team = New-TestTeam
        $bobLessons = Join-Path $team.Bob $bankPath 'lessons-buffer.md'
    }

    Context 'after another clone published' {
        BeforeEach {
            Add-MemoryEntry -Path $team.Alice -File lessons -Text 'retry flaky network tests once' -Persona alice | Out-Null
            Save-MemorySession -Path $team.Alice -Persona alice | Out-Null
        }

        It 'outputs one SessionResult' {
            $results = @(Start-MemorySession -Path $team.Bob -Persona bob)

            $results | Should -HaveCount 1
            $results[0] | Should -BeOfType ([MemoryBank.Core.Sync.SessionResult])
            (Get-Command Start-MemorySession).OutputType.Type | Should -Contain ([MemoryBank.Core.Sync.SessionResult])
        }

        It 'merges what the other clone published into the working tree' {
            $result = Start-MemorySession -Path $team.Bob -Persona bob

            $result.Operation | Should -BeExactly 'Start'
            $result.Persona | Should -BeExactly 'bob'
            $result.SyncBranch | Should -BeExactly 'origin/main'
            $result.Offline | Should -BeFalse
            $result.Published | Should -BeFalse
            $result.UpToDate | Should -BeFalse
            $lessons = $result.Files | Where-Object File -eq 'lessons-buffer.md'
            $lessons.Added | Should -Be 1
            $lessons.From | Should -Contain 'alice'
            Get-Content -LiteralPath $bobLessons -Raw | Should -Match 'retry flaky network tests once'
        }

        It 'keeps unsaved local entries beside the incoming ones' {
            Add-MemoryEntry -Path $team.Bob -File lessons -Text 'only bob has this entry' -Persona bob | Out-Null

            Start-MemorySession -Path $team.Bob -Persona bob | Out-Null

            $text = Get-Content -LiteralPath $bobLessons -Raw
            $text | Should -Match 'retry flaky network tests once'
            $text | Should -Match 'only bob has this entry'
        }

        It 'is up to date when run again' {
            Start-MemorySession -Path $team.Bob -Persona bob | Out-Null

            $result = Start-MemorySession -Path $team.Bob -Persona bob

            $result.UpToDate | Should -BeTrue
            $result.Files | Should -BeNullOrEmpty
        }
    }

    Context 'when nothing was published' {
        It 'is up to date and changes no bank file' {
            $before = Get-BankFingerprint -Clone $team.Bob

            $result = Start-MemorySession -Path $team.Bob -Persona bob

            $result.UpToDate | Should -BeTrue
            Get-BankFingerprint -Clone $team.Bob | Should -BeExactly $before
        }

        It 'works offline when the remote cannot be reached' {
            Invoke-TestGit -C $team.Bob remote set-url origin (Join-Path $testRoot 'no-such-remote.git') | Out-Null

            $result = Start-MemorySession -Path $team.Bob -Persona bob -ErrorVariable startErrors

            $result.Offline | Should -BeTrue
            $result.Warnings | Should -Not -BeNullOrEmpty
            $startErrors | Should -HaveCount 0
        }
    }

    Context '-WhatIf' {
        It 'fetches nothing, merges nothing and outputs nothing' {
            Add-MemoryEntry -Path $team.Alice -File lessons -Text 'retry flaky network tests once' -Persona alice | Out-Null
            Save-MemorySession -Path $team.Alice -Persona alice | Out-Null
            $before = Get-BankFingerprint -Clone $team.Bob
            $gitBefore = Get-GitFingerprint -Clone $team.Bob

            $results = @(Start-MemorySession -Path $team.Bob -Persona bob -WhatIf)

            $results | Should -HaveCount 0
            Get-BankFingerprint -Clone $team.Bob | Should -BeExactly $before
            Get-GitFingerprint -Clone $team.Bob | Should -BeExactly $gitBefore
        }
    }

    Context 'binding' {
        It 'uses the current PowerShell location when -Path is omitted' {
            Push-Location -LiteralPath (Join-Path $team.Bob $bankPath)
            try {
                $result = Start-MemorySession -Persona bob
            }
            finally {
                Pop-Location
            }

            $result.Operation | Should -BeExactly 'Start'
        }

        It 'accepts the path positionally' {
            $result = Start-MemorySession $team.Bob -Persona bob

            $result.Persona | Should -BeExactly 'bob'
        }

        It 'takes no pipeline input, and completes -Persona' {
            $command = Get-Command Start-MemorySession

            $command.Parameters.Values | Where-Object { Test-PipelineParameter $_ } | Should -BeNullOrEmpty
            $command.Parameters['Persona'].Attributes | Where-Object { $_ -is [System.Management.Automation.ArgumentCompleterAttribute] } | Should -HaveCount 1
        }
    }

    Context 'errors' {
        It 'ends with UnsafeRepositoryState on a detached HEAD, and touches nothing' {
            Invoke-TestGit -C $team.Bob checkout --quiet --detach | Out-Null
            $before = Get-GitFingerprint -Clone $team.Bob

            $record = { Start-MemorySession -Path $team.Bob -Persona bob } | Should -Throw -PassThru

            $record.FullyQualifiedErrorId | Should -BeExactly 'UnsafeRepositoryState,MemoryBank.PowerShell.Commands.StartMemorySessionCommand'
            $record.CategoryInfo.Category | Should -Be 'InvalidOperation'
            $record.TargetObject | Should -Not -BeNullOrEmpty
            Get-GitFingerprint -Clone $team.Bob | Should -BeExactly $before
        }

        It 'ends with NotAGitRepository for a folder outside a clone' {
            $folder = New-Item -ItemType Directory -Path (Join-Path $testRoot "not-a-repo-$([guid]::NewGuid().ToString('N').Substring(0, 8))")

            $record = { Start-MemorySession -Path $folder.FullName } | Should -Throw -PassThru

            $record.FullyQualifiedErrorId | Should -BeExactly 'NotAGitRepository,MemoryBank.PowerShell.Commands.StartMemorySessionCommand'
        }
    }
}

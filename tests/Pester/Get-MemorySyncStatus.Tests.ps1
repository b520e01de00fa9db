#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Runs Get-MemorySyncStatus against a bare remote and two throwaway clones of it, with real git and a fixed
# identity: what one clone saves, the other counts as incoming.

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

Describe 'Get-MemorySyncStatus' {
    BeforeEach {
        $team = New-TestTeam
    }

    Context 'in a clone that is set up' {
        It 'outputs one FileStatus per bank file' {
            $results = @(Get-MemorySyncStatus -Path $team.Bob)

            $results | Should -HaveCount $seedFiles.Count
            foreach ($result in $results) {
                $result | Should -BeOfType ([MemoryBank.Core.Sync.FileStatus])
            }

            ($results.File | Sort-Object) | Should -Be ($seedFiles | Sort-Object)
            (Get-Command Get-MemorySyncStatus).OutputType.Type | Should -Contain ([MemoryBank.Core.Sync.FileStatus])
        }

        It 'reports each file''s strategy and that its driver is registered' {
            $results = @(Get-MemorySyncStatus -Path $team.Bob -NoFetch)

            ($results | Where-Object File -eq 'activeContext.md').Strategy | Should -Be 'Theirs'
            ($results | Where-Object File -eq 'lessons-buffer.md').Strategy | Should -Be 'Union'
            $results | Where-Object { -not $_.DriverRegistered } | Should -BeNullOrEmpty
        }

        It 'counts unsaved local entries' {
            Add-MemoryEntry -Path $team.Bob -File lessons -Text 'only bob has this entry' -Persona bob | Out-Null

            $lessons = Get-MemorySyncStatus -Path $team.Bob -NoFetch | Where-Object File -eq 'lessons-buffer.md'

            $lessons.LocalAdded | Should -Be 1
            $lessons.LocalRemoved | Should -Be 0
        }
    }

    Context 'after another clone published' {
        BeforeEach {
            Add-MemoryEntry -Path $team.Alice -File lessons -Text 'retry flaky network tests once' -Persona alice | Out-Null
            Save-MemorySession -Path $team.Alice -Persona alice | Out-Null
        }

        It 'fetches, and counts the entries waiting on the remote' {
            $lessons = Get-MemorySyncStatus -Path $team.Bob | Where-Object File -eq 'lessons-buffer.md'

            $lessons.RemoteAdded | Should -Be 1
            $lessons.LocalAdded | Should -Be 0
        }

        It 'reports the last fetched state with -NoFetch' {
            $trackingBefore = Invoke-TestGit -C $team.Bob rev-parse refs/remotes/origin/main

            $lessons = Get-MemorySyncStatus -Path $team.Bob -NoFetch | Where-Object File -eq 'lessons-buffer.md'

            $lessons.RemoteAdded | Should -Be 0
            Invoke-TestGit -C $team.Bob rev-parse refs/remotes/origin/main | Should -BeExactly $trackingBefore
        }

        It 'counts nothing incoming once the other clone''s work is pulled' {
            Start-MemorySession -Path $team.Bob -Persona bob | Out-Null

            $results = @(Get-MemorySyncStatus -Path $team.Bob)

            $results | Where-Object { $_.RemoteAdded -or $_.LocalAdded } | Should -BeNullOrEmpty
            ($results | Where-Object File -eq 'lessons-buffer.md').LastSync | Should -Not -BeNullOrEmpty
        }
    }

    Context 'changes nothing' {
        It 'has no -WhatIf, and leaves the clone as it was' {
            Add-MemoryEntry -Path $team.Bob -File lessons -Text 'only bob has this entry' -Persona bob | Out-Null
            $before = Get-BankFingerprint -Clone $team.Bob
            $gitBefore = Get-GitFingerprint -Clone $team.Bob

            Get-MemorySyncStatus -Path $team.Bob -NoFetch | Out-Null

            (Get-Command Get-MemorySyncStatus).Parameters.ContainsKey('WhatIf') | Should -BeFalse
            Get-BankFingerprint -Clone $team.Bob | Should -BeExactly $before
            Get-GitFingerprint -Clone $team.Bob | Should -BeExactly $gitBefore
        }

        It 'reports offline, without an error, when the remote cannot be reached' {
            Invoke-TestGit -C $team.Bob remote set-url origin (Join-Path $testRoot 'no-such-remote.git') | Out-Null

            $results = @(Get-MemorySyncStatus -Path $team.Bob -ErrorVariable statusErrors)

            $results | Should -HaveCount $seedFiles.Count
            $statusErrors | Should -HaveCount 0
        }
    }

    Context 'binding' {
        It 'uses the current PowerShell location when -Path is omitted' {
            Push-Location -LiteralPath (Join-Path $team.Bob $bankPath)
            try {
                $results = @(Get-MemorySyncStatus -NoFetch)
            }
            finally {
                Pop-Location
            }

            $results | Should -HaveCount $seedFiles.Count
        }

        It 'accepts the path positionally' {
            $results = @(Get-MemorySyncStatus $team.Bob -NoFetch)

            $results | Should -HaveCount $seedFiles.Count
        }

        It 'takes no pipeline input, and -NoFetch is a switch' {
            $command = Get-Command Get-MemorySyncStatus

            $command.Parameters.Values | Where-Object { Test-PipelineParameter $_ } | Should -BeNullOrEmpty
            $command.Parameters['NoFetch'].SwitchParameter | Should -BeTrue
        }
    }

    Context 'errors' {
        It 'ends with ConfigInvalid for an invalid .memorybank.json' {
            Set-Content -LiteralPath (Join-Path $team.Bob '.memorybank.json') -Value '{ "bankPath": 3 }'

            $record = { Get-MemorySyncStatus -Path $team.Bob -NoFetch } | Should -Throw -PassThru

            $record.FullyQualifiedErrorId | Should -BeExactly 'ConfigInvalid,MemoryBank.PowerShell.Commands.GetMemorySyncStatusCommand'
            $record.CategoryInfo.Category | Should -Be 'InvalidData'
            $record.TargetObject | Should -BeLike '*.memorybank.json'
        }

        It 'ends with NotAGitRepository for a folder outside a clone' {
            $folder = New-Item -ItemType Directory -Path (Join-Path $testRoot "not-a-repo-$([guid]::NewGuid().ToString('N').Substring(0, 8))")

            $record = { Get-MemorySyncStatus -Path $folder.FullName } | Should -Throw -PassThru

            $record.FullyQualifiedErrorId | Should -BeExactly 'NotAGitRepository,MemoryBank.PowerShell.Commands.GetMemorySyncStatusCommand'
        }
    }
}

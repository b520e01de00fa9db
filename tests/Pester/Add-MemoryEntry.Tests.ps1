#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Runs Add-MemoryEntry against a bare remote and two throwaway clones of it, with real git and a fixed
# identity.

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

Describe 'Add-MemoryEntry' {
    BeforeEach {
        $team = New-TestTeam
        $aliceLessons = Join-Path $team.Alice $bankPath 'lessons-buffer.md'
        $bobLessons = Join-Path $team.Bob $bankPath 'lessons-buffer.md'
    }

    Context 'one entry' {
        It 'outputs one EntryAddResult' {
            $results = @(Add-MemoryEntry -Path $team.Alice -File lessons -Text 'retry flaky network tests once' -Persona alice)

            $results | Should -HaveCount 1
            $results[0] | Should -BeOfType ([MemoryBank.Core.Sync.EntryAddResult])
            (Get-Command Add-MemoryEntry).OutputType.Type | Should -Contain ([MemoryBank.Core.Sync.EntryAddResult])
        }

        It 'appends a list item stamped with the time and the persona' {
            $result = Add-MemoryEntry -Path $team.Alice -File lessons -Text 'retry flaky network tests once' -Persona alice

            $result.File | Should -BeExactly 'lessons-buffer.md'
            $result.Persona | Should -BeExactly 'alice'
            $result.Entry | Should -Match '^- \d{4}-\d{2}-\d{2} \d{2}:\d{2} \[alice\] retry flaky network tests once$'
            (Get-Content -LiteralPath $aliceLessons)[-1] | Should -BeExactly $result.Entry
        }

        It 'nests further lines under the item' {
            Add-MemoryEntry -Path $team.Alice -File patterns-buffer.md -Text "wrap git calls in GitClient`nreason: quoting differs between shells" -Persona alice | Out-Null

            $lines = Get-Content -LiteralPath (Join-Path $team.Alice $bankPath 'patterns-buffer.md')
            $lines[-2] | Should -Match '\[alice\] wrap git calls in GitClient$'
            $lines[-1] | Should -BeExactly '  reason: quoting differs between shells'
        }

        It 'writes the working tree only: the other clone gets the entry through save and start' {
            $remoteBefore = Get-RemoteTip -Remote $team.Remote

            Add-MemoryEntry -Path $team.Alice -File lessons -Text 'retry flaky network tests once' -Persona alice | Out-Null

            Get-RemoteTip -Remote $team.Remote | Should -BeExactly $remoteBefore
            Get-Content -LiteralPath $bobLessons -Raw | Should -Not -Match 'retry flaky network tests once'

            Save-MemorySession -Path $team.Alice -Persona alice | Out-Null
            Start-MemorySession -Path $team.Bob -Persona bob | Out-Null

            Get-Content -LiteralPath $bobLessons -Raw | Should -Match 'retry flaky network tests once'
        }
    }

    Context 'pipeline input' {
        It 'adds each piped string as its own entry, in order' {
            $results = @('use PostgreSQL 16', 'no ORM in the import job', 'pin the SDK in global.json' | Add-MemoryEntry -Path $team.Alice -File decisions -Persona alice)

            $results | Should -HaveCount 3
            $results.File | Should -Be @('decisions-inbox.md', 'decisions-inbox.md', 'decisions-inbox.md')
            $lines = Get-Content -LiteralPath (Join-Path $team.Alice $bankPath 'decisions-inbox.md')
            $lines[-3..-1] | Should -Be $results.Entry
        }

        It 'writes an error for one string and still adds the others' {
            $results = @('first lesson', '   ', 'third lesson' | Add-MemoryEntry -Path $team.Alice -File lessons -Persona alice -ErrorVariable addErrors -ErrorAction SilentlyContinue)

            $results | Should -HaveCount 2
            $addErrors | Should -HaveCount 1
            $addErrors[0].FullyQualifiedErrorId | Should -BeExactly 'EntryTextEmpty,MemoryBank.PowerShell.Commands.AddMemoryEntryCommand'
            $text = Get-Content -LiteralPath $aliceLessons -Raw
            $text | Should -Match 'first lesson'
            $text | Should -Match 'third lesson'
        }
    }

    Context '-WhatIf' {
        It 'writes nothing and outputs nothing' {
            $before = Get-BankFingerprint -Clone $team.Alice

            $results = @('first lesson', 'second lesson' | Add-MemoryEntry -Path $team.Alice -File lessons -Persona alice -WhatIf)

            $results | Should -HaveCount 0
            Get-BankFingerprint -Clone $team.Alice | Should -BeExactly $before
        }
    }

    Context 'binding' {
        It 'accepts -File and -Text positionally, and uses the current location when -Path is omitted' {
            Push-Location -LiteralPath $team.Bob
            try {
                $result = Add-MemoryEntry lessons 'only bob has this entry' -Persona bob
            }
            finally {
                Pop-Location
            }

            $result.File | Should -BeExactly 'lessons-buffer.md'
            Get-Content -LiteralPath $bobLessons -Raw | Should -Match 'only bob has this entry'
        }

        It 'takes -Text alone from the pipeline, by value' {
            $command = Get-Command Add-MemoryEntry

            $command.Parameters['Text'].ParameterSets.Values.ValueFromPipeline | Should -Contain $true
            $command.Parameters.Values | Where-Object { $_.Name -ne 'Text' -and (Test-PipelineParameter $_) } | Should -BeNullOrEmpty
            $command.Parameters['File'].Attributes | Where-Object { $_ -is [System.Management.Automation.ArgumentCompleterAttribute] } | Should -HaveCount 1
        }
    }

    Context 'errors' {
        It 'writes BankFileNotFound for a file that matches nothing, and writes no file' {
            $before = Get-BankFingerprint -Clone $team.Alice

            $results = @(Add-MemoryEntry -Path $team.Alice -File no-such-file -Text 'lost' -Persona alice -ErrorVariable addErrors -ErrorAction SilentlyContinue)

            $results | Should -HaveCount 0
            $addErrors | Should -HaveCount 1
            $addErrors[0].FullyQualifiedErrorId | Should -BeExactly 'BankFileNotFound,MemoryBank.PowerShell.Commands.AddMemoryEntryCommand'
            $addErrors[0].TargetObject | Should -BeExactly 'no-such-file'
            Get-BankFingerprint -Clone $team.Alice | Should -BeExactly $before
        }

        It 'ends with NotAGitRepository for a folder outside a clone' {
            $folder = New-Item -ItemType Directory -Path (Join-Path $testRoot "not-a-repo-$([guid]::NewGuid().ToString('N').Substring(0, 8))")

            $record = { Add-MemoryEntry -Path $folder.FullName -File lessons -Text 'lost' } | Should -Throw -PassThru

            $record.FullyQualifiedErrorId | Should -BeExactly 'NotAGitRepository,MemoryBank.PowerShell.Commands.AddMemoryEntryCommand'
        }
    }
}

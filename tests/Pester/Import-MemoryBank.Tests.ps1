#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Runs Import-MemoryBank against throwaway clones of a bare remote, with real git and a fixed identity:
# one clone exports its bank and the other imports it.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $testEnvironment = Initialize-TestEnvironment
    $testRoot = $testEnvironment.Root

    # Alice captures an entry that bob's bank lacks and exports her bank, plain and encrypted.
    function New-TestArchive {
        param($Team)

        Add-MemoryEntry -Path $Team.Alice -File lessons -Text $entryText -Persona alice | Out-Null
        $plain = Export-MemoryBank -Path (New-ArchivePath) -RepositoryPath $Team.Alice
        $encrypted = Export-MemoryBank -Path (New-ArchivePath) -RepositoryPath $Team.Alice -Password $password
        [pscustomobject]@{ Plain = $plain.Path; Encrypted = $encrypted.Path }
    }

    $entryText = 'retry flaky network tests once'
    $password = ConvertTo-SecureString -String 'correct horse battery staple' -AsPlainText -Force
    $wrongPassword = ConvertTo-SecureString -String 'incorrect horse' -AsPlainText -Force
}

AfterAll {
    Restore-TestEnvironment -TestEnvironment $testEnvironment
}

Describe 'Import-MemoryBank' {
    BeforeEach {
        $team = New-TestTeam
        $archives = New-TestArchive -Team $team
        $bobLessons = Join-Path $team.Bob $bankPath 'lessons-buffer.md'
        $aliceLessons = Join-Path $team.Alice $bankPath 'lessons-buffer.md'
    }

    Context 'the Merge strategy (the default)' {
        It 'outputs one ImportFileAction per archive file' {
            $results = @(Import-MemoryBank -Path $archives.Plain -RepositoryPath $team.Bob)

            $results | Should -HaveCount $seedFiles.Count
            foreach ($result in $results) {
                $result | Should -BeOfType ([MemoryBank.Core.Backup.ImportFileAction])
            }

            ($results.File | Sort-Object) | Should -Be ($seedFiles | Sort-Object)
            (Get-Command Import-MemoryBank).OutputType.Type | Should -Contain ([MemoryBank.Core.Backup.ImportFileAction])
        }

        It 'merges the entry the local file lacks, and leaves identical files alone' {
            $results = @(Import-MemoryBank -Path $archives.Plain -RepositoryPath $team.Bob)

            $lessons = $results | Where-Object File -eq 'lessons-buffer.md'
            $lessons.Action | Should -Be 'Merged'
            $lessons.EntriesAdded | Should -Be 1
            $lessons.EntriesMerged | Should -Be 0
            $results | Where-Object File -ne 'lessons-buffer.md' | ForEach-Object {
                $_.Action | Should -Be 'Unchanged'
                $_.EntriesMerged | Should -BeNullOrEmpty
            }

            Get-Content -LiteralPath $bobLessons -Raw | Should -Match ([regex]::Escape($entryText))
        }

        It 'keeps local entries that the archive lacks' {
            Add-MemoryEntry -Path $team.Bob -File lessons -Text 'only bob has this entry' -Persona bob | Out-Null

            Import-MemoryBank -Path $archives.Plain -RepositoryPath $team.Bob | Out-Null

            $text = Get-Content -LiteralPath $bobLessons -Raw
            $text | Should -Match 'only bob has this entry'
            $text | Should -Match ([regex]::Escape($entryText))
        }

        It 'writes the working tree only, and commits nothing' {
            $head = Invoke-TestGit -C $team.Bob rev-parse HEAD
            $remoteTip = Get-RemoteTip -Remote $team.Remote

            Import-MemoryBank -Path $archives.Plain -RepositoryPath $team.Bob | Out-Null

            Invoke-TestGit -C $team.Bob rev-parse HEAD | Should -BeExactly $head
            Get-RemoteTip -Remote $team.Remote | Should -BeExactly $remoteTip
            Invoke-TestGit -C $team.Bob status --porcelain | Should -BeExactly " M $bankPath/lessons-buffer.md"
        }

        It 'changes nothing when imported a second time' {
            Import-MemoryBank -Path $archives.Plain -RepositoryPath $team.Bob | Out-Null
            $before = Get-BankFingerprint -Clone $team.Bob

            $results = @(Import-MemoryBank -Path $archives.Plain -RepositoryPath $team.Bob)

            $results | Where-Object Action -ne 'Unchanged' | Should -BeNullOrEmpty
            Get-BankFingerprint -Clone $team.Bob | Should -BeExactly $before
        }
    }

    Context 'the Skip and Overwrite strategies' {
        BeforeEach {
            Add-MemoryEntry -Path $team.Bob -File lessons -Text 'only bob has this entry' -Persona bob | Out-Null
        }

        It 'Skip keeps a local file that differs' {
            $before = Get-BankFingerprint -Clone $team.Bob

            $results = @(Import-MemoryBank -Path $archives.Plain -RepositoryPath $team.Bob -Strategy Skip)

            ($results | Where-Object File -eq 'lessons-buffer.md').Action | Should -Be 'Skipped'
            Get-BankFingerprint -Clone $team.Bob | Should -BeExactly $before
        }

        It 'Overwrite replaces a local file that differs, after a backup it names on the information stream' {
            $results = @(Import-MemoryBank -Path $archives.Plain -RepositoryPath $team.Bob -Strategy Overwrite -InformationVariable information)

            ($results | Where-Object File -eq 'lessons-buffer.md').Action | Should -Be 'Overwritten'
            (Get-FileHash -LiteralPath $bobLessons).Hash | Should -BeExactly (Get-FileHash -LiteralPath $aliceLessons).Hash
            $backups = @(Get-ChildItem -LiteralPath (Join-Path $team.Bob '.git' 'memory-bank' 'backups') -Filter 'pre-import-*.zip')
            $backups | Should -HaveCount 1
            ($information | ForEach-Object { "$_" }) -join "`n" | Should -Match ([regex]::Escape($backups[0].Name))
        }

        It 'accepts the strategy name in any case' {
            $results = @(Import-MemoryBank -Path $archives.Plain -RepositoryPath $team.Bob -Strategy skip)

            ($results | Where-Object File -eq 'lessons-buffer.md').Action | Should -Be 'Skipped'
        }
    }

    Context 'an encrypted archive' {
        It 'is imported with the password it was exported with' {
            $results = @(Import-MemoryBank -Path $archives.Encrypted -RepositoryPath $team.Bob -Password $password)

            ($results | Where-Object File -eq 'lessons-buffer.md').Action | Should -Be 'Merged'
            Get-Content -LiteralPath $bobLessons -Raw | Should -Match ([regex]::Escape($entryText))
        }
    }

    Context '-WhatIf' {
        It 'outputs the plan and writes nothing' {
            Add-MemoryEntry -Path $team.Bob -File lessons -Text 'only bob has this entry' -Persona bob | Out-Null
            $before = Get-BankFingerprint -Clone $team.Bob
            $gitBefore = Get-GitFingerprint -Clone $team.Bob

            $plan = @(Import-MemoryBank -Path $archives.Plain -RepositoryPath $team.Bob -Strategy Overwrite -WhatIf)

            $plan | Should -HaveCount $seedFiles.Count
            $plan[0] | Should -BeOfType ([MemoryBank.Core.Backup.ImportFileAction])
            ($plan | Where-Object File -eq 'lessons-buffer.md').Action | Should -Be 'Overwritten'
            Get-BankFingerprint -Clone $team.Bob | Should -BeExactly $before
            Get-GitFingerprint -Clone $team.Bob | Should -BeExactly $gitBefore
            Join-Path $team.Bob '.git' 'memory-bank' 'backups' | Should -Not -Exist
        }
    }

    Context 'binding' {
        It 'binds -Path by property name from the pipeline' {
            $results = @([pscustomobject]@{ Path = $archives.Plain } | Import-MemoryBank -RepositoryPath $team.Bob)

            ($results | Where-Object File -eq 'lessons-buffer.md').Action | Should -Be 'Merged'
        }

        It 'takes the result of Export-MemoryBank from the pipeline' {
            $archive = Join-Path $testRoot "piped-$([guid]::NewGuid().ToString('N').Substring(0, 8)).zip"

            $results = @(Export-MemoryBank -Path $archive -RepositoryPath $team.Alice | Import-MemoryBank -RepositoryPath $team.Bob)

            ($results | Where-Object File -eq 'lessons-buffer.md').Action | Should -Be 'Merged'
        }

        It 'imports each archive piped in, and an archive that fails does not stop the next' {
            $missing = Join-Path $testRoot 'no-such-archive.zip'
            $inputObjects = [pscustomobject]@{ Path = $missing }, [pscustomobject]@{ Path = $archives.Plain }

            $results = @($inputObjects | Import-MemoryBank -RepositoryPath $team.Bob -ErrorVariable importErrors -ErrorAction SilentlyContinue)

            $importErrors | Should -HaveCount 1
            $importErrors[0].FullyQualifiedErrorId | Should -BeExactly 'ArchiveNotFound,MemoryBank.PowerShell.Commands.ImportMemoryBankCommand'
            $importErrors[0].TargetObject | Should -Be $missing
            $results | Should -HaveCount $seedFiles.Count
            Get-Content -LiteralPath $bobLessons -Raw | Should -Match ([regex]::Escape($entryText))
        }

        It 'accepts the archive positionally and uses the current location as the repository' {
            Push-Location -LiteralPath $team.Bob
            try {
                $results = @(Import-MemoryBank $archives.Plain)
            }
            finally {
                Pop-Location
            }

            ($results | Where-Object File -eq 'lessons-buffer.md').Action | Should -Be 'Merged'
        }

        It 'takes -Path alone from the pipeline, by property name only' {
            $command = Get-Command Import-MemoryBank

            $path = $command.Parameters['Path'].ParameterSets.Values
            $path.ValueFromPipelineByPropertyName | Should -Contain $true
            $path.ValueFromPipeline | Should -Not -Contain $true
            $path.IsMandatory | Should -Contain $true
            $command.Parameters.Values | Where-Object { $_.Name -ne 'Path' -and (Test-PipelineParameter $_) } | Should -BeNullOrEmpty
            $command.Parameters['Strategy'].ParameterType | Should -Be ([MemoryBank.Core.Backup.ImportStrategy])
            $command.Parameters['Password'].ParameterType | Should -Be ([securestring])
        }

        It 'refuses a merge-driver strategy name as -Strategy' {
            $record = { Import-MemoryBank -Path $archives.Plain -RepositoryPath $team.Bob -Strategy union } | Should -Throw -PassThru

            $record.FullyQualifiedErrorId | Should -BeExactly 'CannotConvertArgumentNoMessage,MemoryBank.PowerShell.Commands.ImportMemoryBankCommand'
        }
    }

    Context 'errors' {
        It 'writes ArchivePasswordOrDataInvalid for a wrong password, and imports nothing' {
            $before = Get-BankFingerprint -Clone $team.Bob

            $results = @(Import-MemoryBank -Path $archives.Encrypted -RepositoryPath $team.Bob -Password $wrongPassword -ErrorVariable importErrors -ErrorAction SilentlyContinue)

            $results | Should -HaveCount 0
            $importErrors | Should -HaveCount 1
            $importErrors[0].FullyQualifiedErrorId | Should -BeExactly 'ArchivePasswordOrDataInvalid,MemoryBank.PowerShell.Commands.ImportMemoryBankCommand'
            $importErrors[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $importErrors[0].TargetObject | Should -Be $archives.Encrypted
            Get-BankFingerprint -Clone $team.Bob | Should -BeExactly $before
        }

        It 'throws the same error with -ErrorAction Stop' {
            $record = { Import-MemoryBank -Path $archives.Encrypted -RepositoryPath $team.Bob -Password $wrongPassword -ErrorAction Stop } | Should -Throw -PassThru

            $record.FullyQualifiedErrorId | Should -BeExactly 'ArchivePasswordOrDataInvalid,MemoryBank.PowerShell.Commands.ImportMemoryBankCommand'
        }

        It 'writes ArchivePasswordRequired for an encrypted archive without -Password' {
            Import-MemoryBank -Path $archives.Encrypted -RepositoryPath $team.Bob -ErrorVariable importErrors -ErrorAction SilentlyContinue | Out-Null

            $importErrors[0].FullyQualifiedErrorId | Should -BeExactly 'ArchivePasswordRequired,MemoryBank.PowerShell.Commands.ImportMemoryBankCommand'
        }

        It 'writes ArchiveCorrupt for a file that is not an archive' {
            $notAnArchive = New-ArchivePath
            Set-Content -LiteralPath $notAnArchive -Value 'not a zip'
            $before = Get-BankFingerprint -Clone $team.Bob

            Import-MemoryBank -Path $notAnArchive -RepositoryPath $team.Bob -ErrorVariable importErrors -ErrorAction SilentlyContinue | Out-Null

            $importErrors[0].FullyQualifiedErrorId | Should -BeExactly 'ArchiveCorrupt,MemoryBank.PowerShell.Commands.ImportMemoryBankCommand'
            Get-BankFingerprint -Clone $team.Bob | Should -BeExactly $before
        }

        It 'writes ArchiveTruncated for an archive cut short' {
            $bytes = [System.IO.File]::ReadAllBytes($archives.Plain)
            $truncated = New-ArchivePath
            [System.IO.File]::WriteAllBytes($truncated, [byte[]]($bytes[0..99]))

            Import-MemoryBank -Path $truncated -RepositoryPath $team.Bob -ErrorVariable importErrors -ErrorAction SilentlyContinue | Out-Null

            $importErrors[0].FullyQualifiedErrorId | Should -BeExactly 'ArchiveTruncated,MemoryBank.PowerShell.Commands.ImportMemoryBankCommand'
        }

        It 'ends with NotAGitRepository when -RepositoryPath is outside a clone' {
            $folder = New-Item -ItemType Directory -Path (Join-Path $testRoot "not-a-repo-$([guid]::NewGuid().ToString('N').Substring(0, 8))")

            $record = { Import-MemoryBank -Path $archives.Plain -RepositoryPath $folder.FullName } | Should -Throw -PassThru

            $record.FullyQualifiedErrorId | Should -BeExactly 'NotAGitRepository,MemoryBank.PowerShell.Commands.ImportMemoryBankCommand'
        }
    }
}

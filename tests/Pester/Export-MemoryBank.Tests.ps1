#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Runs Export-MemoryBank against throwaway clones of a bare remote, with real git and a fixed identity,
# and reads the archives it writes back with .NET's zip reader and with Import-MemoryBank.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $testEnvironment = Initialize-TestEnvironment
    $testRoot = $testEnvironment.Root

    # The first bytes tell a plain archive (a zip) from an encrypted one.
    function Get-ArchiveMagic {
        param([string] $Archive)

        $bytes = [System.IO.File]::ReadAllBytes($Archive)
        [System.Text.Encoding]::ASCII.GetString($bytes, 0, [Math]::Min(6, $bytes.Length))
    }

    function Get-ArchiveEntryName {
        param([string] $Archive)

        $zip = [System.IO.Compression.ZipFile]::OpenRead($Archive)
        try {
            $zip.Entries | ForEach-Object FullName
        }
        finally {
            $zip.Dispose()
        }
    }

    function Get-ArchiveManifest {
        param([string] $Archive)

        $zip = [System.IO.Compression.ZipFile]::OpenRead($Archive)
        try {
            $reader = [System.IO.StreamReader]::new($zip.GetEntry('manifest.json').Open())
            try {
                $reader.ReadToEnd() | ConvertFrom-Json
            }
            finally {
                $reader.Dispose()
            }
        }
        finally {
            $zip.Dispose()
        }
    }

    Add-Type -AssemblyName System.IO.Compression.ZipFile
    $password = ConvertTo-SecureString -String 'correct horse battery staple' -AsPlainText -Force
}

AfterAll {
    Restore-TestEnvironment -TestEnvironment $testEnvironment
}

Describe 'Export-MemoryBank' {
    BeforeEach {
        $team = New-TestTeam
        $archive = New-ArchivePath
    }

    Context 'a plain archive' {
        It 'outputs one ExportResult that describes the archive' {
            $results = @(Export-MemoryBank -Path $archive -RepositoryPath $team.Alice)

            $results | Should -HaveCount 1
            $results[0] | Should -BeOfType ([MemoryBank.Core.Backup.ExportResult])
            $results[0].Path | Should -Be $archive
            $results[0].Files | Should -Be $seedFiles.Count
            $results[0].Bytes | Should -Be (Get-Item -LiteralPath $archive).Length
            $results[0].Encrypted | Should -BeFalse
            (Get-Command Export-MemoryBank).OutputType.Type | Should -Contain ([MemoryBank.Core.Backup.ExportResult])
        }

        It 'writes a zip with the manifest first and every bank file under bank/' {
            Export-MemoryBank -Path $archive -RepositoryPath $team.Alice -Persona tech-lead | Out-Null

            Get-ArchiveMagic -Archive $archive | Should -BeLike 'PK*'
            $entries = @(Get-ArchiveEntryName -Archive $archive)
            $entries[0] | Should -BeExactly 'manifest.json'
            foreach ($name in $seedFiles) {
                $entries | Should -Contain "bank/$name"
            }

            $manifest = Get-ArchiveManifest -Archive $archive
            $manifest.formatVersion | Should -Be 1
            $manifest.persona | Should -BeExactly 'tech-lead'
            $manifest.files | Should -HaveCount $seedFiles.Count
        }

        It 'exports the working tree, unsaved entries included' {
            Add-MemoryEntry -Path $team.Alice -File lessons -Text 'an entry that was never saved' -Persona alice | Out-Null
            $lessons = Join-Path $team.Alice $bankPath 'lessons-buffer.md'

            Export-MemoryBank -Path $archive -RepositoryPath $team.Alice | Out-Null

            $file = (Get-ArchiveManifest -Archive $archive).files | Where-Object path -eq 'lessons-buffer.md'
            $file.sha256 | Should -BeExactly (Get-FileHash -LiteralPath $lessons -Algorithm SHA256).Hash.ToLowerInvariant()
        }

        It 'replaces an existing file' {
            Set-Content -LiteralPath $archive -Value 'an older file'

            $result = Export-MemoryBank -Path $archive -RepositoryPath $team.Alice

            Get-ArchiveMagic -Archive $archive | Should -BeLike 'PK*'
            (Get-Item -LiteralPath $archive).Length | Should -Be $result.Bytes
        }

        It 'changes nothing in the repository' {
            $before = Get-GitFingerprint -Clone $team.Alice
            $bankBefore = Get-BankFingerprint -Clone $team.Alice

            Export-MemoryBank -Path $archive -RepositoryPath $team.Alice | Out-Null

            Get-GitFingerprint -Clone $team.Alice | Should -BeExactly $before
            Get-BankFingerprint -Clone $team.Alice | Should -BeExactly $bankBefore
        }
    }

    Context 'an encrypted archive' {
        It 'encrypts the archive with -Password' {
            $result = Export-MemoryBank -Path $archive -RepositoryPath $team.Alice -Password $password

            $result.Encrypted | Should -BeTrue
            Get-ArchiveMagic -Archive $archive | Should -BeExactly 'MBKENC'
        }

        It 'is read back by Import-MemoryBank with the same password' {
            Add-MemoryEntry -Path $team.Alice -File lessons -Text 'only alice has this entry' -Persona alice | Out-Null
            Export-MemoryBank -Path $archive -RepositoryPath $team.Alice -Password $password | Out-Null

            $actions = @(Import-MemoryBank -Path $archive -RepositoryPath $team.Bob -Password $password)

            ($actions | Where-Object File -eq 'lessons-buffer.md').Action | Should -Be 'Merged'
            Get-Content -LiteralPath (Join-Path $team.Bob $bankPath 'lessons-buffer.md') -Raw | Should -Match 'only alice has this entry'
        }
    }

    Context '-WhatIf' {
        It 'writes no archive and outputs nothing' {
            $results = @(Export-MemoryBank -Path $archive -RepositoryPath $team.Alice -Password $password -WhatIf)

            $results | Should -HaveCount 0
            $archive | Should -Not -Exist
        }

        It 'leaves an existing file as it is' {
            Set-Content -LiteralPath $archive -Value 'an older file'
            $before = (Get-FileHash -LiteralPath $archive -Algorithm SHA256).Hash

            Export-MemoryBank -Path $archive -RepositoryPath $team.Alice -WhatIf

            (Get-FileHash -LiteralPath $archive -Algorithm SHA256).Hash | Should -BeExactly $before
        }
    }

    Context 'binding' {
        It 'accepts the archive positionally and uses the current location as the repository' {
            Push-Location -LiteralPath $team.Alice
            try {
                $result = Export-MemoryBank $archive
            }
            finally {
                Pop-Location
            }

            $result.Path | Should -Be $archive
            $archive | Should -Exist
        }

        It 'resolves a relative -Path against the PowerShell location' {
            $name = Split-Path $archive -Leaf
            Push-Location -LiteralPath $testRoot
            try {
                $result = Export-MemoryBank -Path $name -RepositoryPath $team.Alice
            }
            finally {
                Pop-Location
            }

            $result.Path | Should -Be $archive
            $archive | Should -Exist
        }

        It 'exports the bank of the clone that contains -RepositoryPath, from any of its folders' {
            $result = Export-MemoryBank -Path $archive -RepositoryPath (Join-Path $team.Alice $bankPath)

            $result.Files | Should -Be $seedFiles.Count
        }

        It 'creates the folder of the archive' {
            $nested = Join-Path $testRoot "backups-$([guid]::NewGuid().ToString('N').Substring(0, 8))" 'bank.zip'

            Export-MemoryBank -Path $nested -RepositoryPath $team.Alice | Out-Null

            $nested | Should -Exist
        }

        It 'takes no pipeline input; -Path is mandatory and -Password a SecureString' {
            $command = Get-Command Export-MemoryBank

            $command.Parameters.Values | Where-Object { Test-PipelineParameter $_ } | Should -BeNullOrEmpty
            $command.Parameters['Path'].ParameterSets.Values.IsMandatory | Should -Contain $true
            $command.Parameters['Password'].ParameterType | Should -Be ([securestring])
        }

        It 'pipes its result to Import-MemoryBank, which binds Path by property name' {
            $actions = @(Export-MemoryBank -Path $archive -RepositoryPath $team.Alice | Import-MemoryBank -RepositoryPath $team.Bob -WhatIf)

            $actions | Should -HaveCount $seedFiles.Count
        }
    }

    Context 'errors' {
        It 'ends with NotAGitRepository when -RepositoryPath is outside a clone, and writes no archive' {
            $folder = New-Item -ItemType Directory -Path (Join-Path $testRoot "not-a-repo-$([guid]::NewGuid().ToString('N').Substring(0, 8))")

            $record = { Export-MemoryBank -Path $archive -RepositoryPath $folder.FullName } | Should -Throw -PassThru

            $record.FullyQualifiedErrorId | Should -BeExactly 'NotAGitRepository,MemoryBank.PowerShell.Commands.ExportMemoryBankCommand'
            $record.CategoryInfo.Category | Should -Be 'InvalidData'
            $record.TargetObject | Should -Be $folder.FullName
            $archive | Should -Not -Exist
        }

        It 'ends with PathNotFileSystem for an archive path on another provider' {
            $record = { Export-MemoryBank -Path 'Variable:\bank.zip' -RepositoryPath $team.Alice } | Should -Throw -PassThru

            $record.FullyQualifiedErrorId | Should -BeExactly 'PathNotFileSystem,MemoryBank.PowerShell.Commands.ExportMemoryBankCommand'
        }
    }
}

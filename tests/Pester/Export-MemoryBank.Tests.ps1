#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Runs Export-MemoryBank against throwaway clones of a bare remote, with real git and a fixed identity,
# and reads the archives it writes back with .NET's zip reader and with Import-MemoryBank.

BeforeAll {
    $manifestPath = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '..' '..' 'out' 'MemoryBank' 'MemoryBank.psd1'))
    Import-Module -Name $manifestPath -Force

    $testRoot = Join-Path ([System.IO.Path]::GetTempPath()) "memorybank-pester-$([guid]::NewGuid().ToString('N'))"
    New-Item -ItemType Directory -Path $testRoot | Out-Null
    $emptyGlobalConfig = Join-Path $testRoot 'gitconfig'
    New-Item -ItemType File -Path $emptyGlobalConfig | Out-Null

    $fixedEnvironment = @{
        GIT_AUTHOR_NAME         = 'MemoryBank Test'
        GIT_AUTHOR_EMAIL        = 'test@memorybank.invalid'
        GIT_AUTHOR_DATE         = '2024-01-01T00:00:00Z'
        GIT_COMMITTER_NAME      = 'MemoryBank Test'
        GIT_COMMITTER_EMAIL     = 'test@memorybank.invalid'
        GIT_COMMITTER_DATE      = '2024-01-01T00:00:00Z'
        GIT_CONFIG_NOSYSTEM     = '1'
        GIT_CONFIG_GLOBAL       = $emptyGlobalConfig
        # Keeps git from finding a repository above the temp folder.
        GIT_CEILING_DIRECTORIES = [System.IO.Path]::GetTempPath().TrimEnd([System.IO.Path]::DirectorySeparatorChar)
        # The persona comes from -Persona in these tests, never from the machine's environment.
        MEMORYBANK_PERSONA      = $null
    }
    $savedEnvironment = @{}
    foreach ($name in $fixedEnvironment.Keys) {
        $savedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $fixedEnvironment[$name])
    }

    # A simple function, so git options such as -C reach git unbound.
    function Invoke-TestGit {
        $output = & git @args 2>&1
        if ($LASTEXITCODE -ne 0) {
            throw "git $($args -join ' ') failed with exit code ${LASTEXITCODE}: $output"
        }

        $output | Where-Object { $_ -is [string] }
    }

    # A bare remote whose main branch holds a set-up bank, and two clones of it: alice, which set the bank
    # up and pushed it, and bob, which cloned it afterwards and registered its own merge drivers.
    function New-TestTeam {
        $folder = Join-Path $testRoot ([guid]::NewGuid().ToString('N').Substring(0, 8))
        $remote = Join-Path $folder 'remote.git'
        $alice = Join-Path $folder 'alice'
        $bob = Join-Path $folder 'bob'
        Invoke-TestGit init --quiet --bare --initial-branch=main $remote | Out-Null
        Invoke-TestGit clone --quiet $remote $alice | Out-Null
        Invoke-TestGit -C $alice symbolic-ref HEAD refs/heads/main | Out-Null
        Set-Content -Path (Join-Path $alice 'README.md') -Value '# Test repository'
        Initialize-MemoryBank -Path $alice | Out-Null
        Invoke-TestGit -C $alice add --all | Out-Null
        Invoke-TestGit -C $alice commit --quiet -m 'Set up the memory bank' | Out-Null
        Invoke-TestGit -C $alice push --quiet origin main | Out-Null
        Invoke-TestGit clone --quiet $remote $bob | Out-Null
        Initialize-MemoryBank -Path $bob | Out-Null
        [pscustomobject]@{ Remote = $remote; Alice = $alice; Bob = $bob }
    }

    # Every bank file's path and SHA-256, to show that a command wrote nothing.
    function Get-BankFingerprint {
        param([string] $Clone)

        $bank = Join-Path $Clone $bankPath
        $lines = Get-ChildItem -LiteralPath $bank -File -Recurse -Force | Sort-Object FullName | ForEach-Object {
            '{0} {1}' -f $_.FullName.Substring($bank.Length), (Get-FileHash -LiteralPath $_.FullName -Algorithm SHA256).Hash
        }
        $lines -join "`n"
    }

    # The refs, HEAD and status of a clone, to show that a command touched nothing in git.
    function Get-GitFingerprint {
        param([string] $Clone)

        @(
            Invoke-TestGit -C $Clone rev-parse HEAD
            Invoke-TestGit -C $Clone for-each-ref
            Invoke-TestGit -C $Clone status --porcelain --untracked-files=all
        ) -join "`n"
    }

    # True when a parameter takes pipeline input, by value or by property name, in any parameter set.
    function Test-PipelineParameter {
        param([System.Management.Automation.ParameterMetadata] $Parameter)

        [bool]($Parameter.ParameterSets.Values | Where-Object { $_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName })
    }

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

    function New-ArchivePath {
        Join-Path $testRoot "bank-$([guid]::NewGuid().ToString('N').Substring(0, 8)).zip"
    }

    Add-Type -AssemblyName System.IO.Compression.ZipFile
    $bankPath = '.claude/memory-bank'
    $seedFiles = 'activeContext.md', 'patterns-buffer.md', 'lessons-buffer.md', 'decisions-inbox.md', 'SESSION_LOG.md'
    $password = ConvertTo-SecureString -String 'correct horse battery staple' -AsPlainText -Force
}

AfterAll {
    foreach ($name in $savedEnvironment.Keys) {
        [Environment]::SetEnvironmentVariable($name, $savedEnvironment[$name])
    }

    Remove-Item -LiteralPath $testRoot -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Module -Name MemoryBank -Force -ErrorAction SilentlyContinue
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

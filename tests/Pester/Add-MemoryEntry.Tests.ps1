#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Runs Add-MemoryEntry against a bare remote and two throwaway clones of it, with real git and a fixed
# identity.

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

    function Get-RemoteTip {
        param([string] $Remote)

        Invoke-TestGit -C $Remote rev-parse main
    }

    # True when a parameter takes pipeline input, by value or by property name, in any parameter set.
    function Test-PipelineParameter {
        param([System.Management.Automation.ParameterMetadata] $Parameter)

        [bool]($Parameter.ParameterSets.Values | Where-Object { $_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName })
    }

    $bankPath = '.claude/memory-bank'
    $seedFiles = 'activeContext.md', 'patterns-buffer.md', 'lessons-buffer.md', 'decisions-inbox.md', 'SESSION_LOG.md'

    # Progress bars only clutter the test output.
    $ProgressPreference = 'SilentlyContinue'
}

AfterAll {
    foreach ($name in $savedEnvironment.Keys) {
        [Environment]::SetEnvironmentVariable($name, $savedEnvironment[$name])
    }

    Remove-Item -LiteralPath $testRoot -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Module -Name MemoryBank -Force -ErrorAction SilentlyContinue
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

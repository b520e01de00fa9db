#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Runs Start-MemorySession against a bare remote and two throwaway clones of it, with real git and a fixed
# identity: what one clone saves, the other starts with.

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

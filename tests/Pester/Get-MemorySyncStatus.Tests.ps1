#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Runs Get-MemorySyncStatus against a bare remote and two throwaway clones of it, with real git and a fixed
# identity: what one clone saves, the other counts as incoming.

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

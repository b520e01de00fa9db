#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Runs Test-MemoryBank against throwaway clones of a bare remote, with real git and a fixed identity,
# so the results never depend on the machine's git configuration.

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

    # A bare remote whose main branch holds a set-up bank, and two clones of it: alice, which set the bank
    # up and pushed it, and bob, a later clone whose merge drivers are not registered (git never clones
    # config), which is what Test-MemoryBank -Repair is for.
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
        [pscustomobject]@{ Remote = $remote; Alice = $alice; Bob = $bob }
    }

    function Get-DriverConfig {
        param([string] $Clone)

        # Exit code 1 means no entry matched.
        $lines = & git -C $Clone config --local --get-regexp '^merge\.memorybank-'
        if ($LASTEXITCODE -gt 1) {
            throw "git config --get-regexp failed with exit code $LASTEXITCODE."
        }

        $entries = [ordered]@{}
        foreach ($line in $lines) {
            $key, $value = $line -split ' ', 2
            $entries[$key] = $value
        }

        $entries
    }

    $bankPath = '.claude/memory-bank'
    $checkNames = 'config', 'bank-files', 'conflict-markers', 'gitattributes', 'drivers', 'lock', 'journal', 'double-harvest', 'conflict-copies', 'permissions'
    $beginMarker = '# >>> memory-bank (managed by `memory-bank init`; edits inside this block are replaced)'
}

AfterAll {
    foreach ($name in $savedEnvironment.Keys) {
        [Environment]::SetEnvironmentVariable($name, $savedEnvironment[$name])
    }

    Remove-Item -LiteralPath $testRoot -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Module -Name MemoryBank -Force -ErrorAction SilentlyContinue
}

Describe 'Test-MemoryBank' {
    BeforeEach {
        $team = New-TestTeam
    }

    Context 'in a clone that is set up' {
        It 'outputs one CheckResult per check, in run order' {
            $results = @(Test-MemoryBank -Path $team.Alice)

            $results | Should -HaveCount $checkNames.Count
            foreach ($result in $results) {
                $result | Should -BeOfType ([MemoryBank.Core.Diagnostics.CheckResult])
            }

            $results.Name | Should -Be $checkNames
            (Get-Command Test-MemoryBank).OutputType.Type | Should -Contain ([MemoryBank.Core.Diagnostics.CheckResult])
        }

        It 'fails no check and repairs nothing' {
            $results = @(Test-MemoryBank -Path $team.Alice)

            $results | Where-Object Status -eq 'Fail' | Should -BeNullOrEmpty
            $results | Where-Object Repaired | Should -BeNullOrEmpty
            ($results | Where-Object Name -eq 'drivers').Status | Should -Be 'Pass'
            ($results | Where-Object Name -eq 'gitattributes').Status | Should -Be 'Pass'
        }
    }

    Context 'in a second clone, before its drivers are registered' {
        It 'fails the drivers check with a fix, as a result and not as an error' {
            $results = @(Test-MemoryBank -Path $team.Bob -ErrorVariable checkErrors)

            $drivers = $results | Where-Object Name -eq 'drivers'
            $drivers.Status | Should -Be 'Fail'
            $drivers.Detail | Should -Match 'memorybank-union'
            $drivers.Fix | Should -Not -BeNullOrEmpty
            $drivers.Repaired | Should -BeFalse
            $checkErrors | Should -HaveCount 0
        }

        It 'changes nothing without -Repair' {
            $before = Get-GitFingerprint -Clone $team.Bob

            Test-MemoryBank -Path $team.Bob | Out-Null

            (Get-DriverConfig -Clone $team.Bob).Count | Should -Be 0
            Get-GitFingerprint -Clone $team.Bob | Should -BeExactly $before
        }
    }

    Context '-Repair' {
        It 'registers the missing drivers and marks the check repaired' {
            $results = @(Test-MemoryBank -Path $team.Bob -Repair)

            $drivers = $results | Where-Object Name -eq 'drivers'
            $drivers.Status | Should -Be 'Pass'
            $drivers.Repaired | Should -BeTrue
            $results | Where-Object Status -eq 'Fail' | Should -BeNullOrEmpty
            (Get-DriverConfig -Clone $team.Bob).Count | Should -Be 8
        }

        It 'writes the .gitattributes block again' {
            $attributes = Join-Path $team.Alice '.gitattributes'
            Remove-Item -LiteralPath $attributes

            $check = Test-MemoryBank -Path $team.Alice -Repair | Where-Object Name -eq 'gitattributes'

            $check.Status | Should -Be 'Pass'
            $check.Repaired | Should -BeTrue
            Get-Content -LiteralPath $attributes | Should -Contain $beginMarker
        }

        It 'leaves conflict markers to the user' {
            $lessons = Join-Path $team.Alice $bankPath 'lessons-buffer.md'
            Add-Content -LiteralPath $lessons -Value '<<<<<<< HEAD', '- ours', '=======', '- theirs', '>>>>>>> theirs'
            $before = Get-BankFingerprint -Clone $team.Alice

            $check = Test-MemoryBank -Path $team.Alice -Repair | Where-Object Name -eq 'conflict-markers'

            $check.Status | Should -Be 'Fail'
            $check.Detail | Should -Match 'lessons-buffer\.md:\d+'
            $check.Fix | Should -Not -BeNullOrEmpty
            $check.Repaired | Should -BeFalse
            Get-BankFingerprint -Clone $team.Alice | Should -BeExactly $before
        }
    }

    Context '-WhatIf' {
        It 'runs every check but repairs nothing' {
            $before = Get-GitFingerprint -Clone $team.Bob

            $results = @(Test-MemoryBank -Path $team.Bob -Repair -WhatIf)

            $results | Should -HaveCount $checkNames.Count
            ($results | Where-Object Name -eq 'drivers').Status | Should -Be 'Fail'
            $results | Where-Object Repaired | Should -BeNullOrEmpty
            (Get-DriverConfig -Clone $team.Bob).Count | Should -Be 0
            Get-GitFingerprint -Clone $team.Bob | Should -BeExactly $before
        }

        It 'leaves a missing .gitattributes block missing' {
            $attributes = Join-Path $team.Alice '.gitattributes'
            Remove-Item -LiteralPath $attributes

            $check = Test-MemoryBank -Path $team.Alice -Repair -WhatIf | Where-Object Name -eq 'gitattributes'

            $check.Status | Should -Be 'Fail'
            $check.Repaired | Should -BeFalse
            $attributes | Should -Not -Exist
        }
    }

    Context 'binding' {
        It 'uses the current PowerShell location when -Path is omitted' {
            Push-Location -LiteralPath $team.Alice
            try {
                $results = @(Test-MemoryBank)
            }
            finally {
                Pop-Location
            }

            $results | Should -HaveCount $checkNames.Count
        }

        It 'accepts the path positionally, from any folder of the clone' {
            $results = @(Test-MemoryBank (Join-Path $team.Alice $bankPath))

            $results | Should -HaveCount $checkNames.Count
            ($results | Where-Object Name -eq 'drivers').Status | Should -Be 'Pass'
        }

        It 'resolves a relative -Path against the PowerShell location' {
            Push-Location -LiteralPath (Split-Path $team.Bob)
            try {
                $results = @(Test-MemoryBank -Path (Split-Path $team.Bob -Leaf))
            }
            finally {
                Pop-Location
            }

            ($results | Where-Object Name -eq 'drivers').Status | Should -Be 'Fail'
        }

        It 'takes no pipeline input, and -Repair is a switch' {
            $command = Get-Command Test-MemoryBank

            $command.Parameters.Values | Where-Object { Test-PipelineParameter $_ } | Should -BeNullOrEmpty
            $command.Parameters['Repair'].SwitchParameter | Should -BeTrue
        }
    }

    Context 'errors' {
        It 'ends with NotAGitRepository for a folder outside a clone' {
            $folder = New-Item -ItemType Directory -Path (Join-Path $testRoot "not-a-repo-$([guid]::NewGuid().ToString('N').Substring(0, 8))")

            $record = { Test-MemoryBank -Path $folder.FullName } | Should -Throw -PassThru

            $record.FullyQualifiedErrorId | Should -BeExactly 'NotAGitRepository,MemoryBank.PowerShell.Commands.TestMemoryBankCommand'
            $record.CategoryInfo.Category | Should -Be 'InvalidData'
            $record.TargetObject | Should -Be $folder.FullName
        }

        It 'ends with PathNotFileSystem for a path on another provider' {
            $record = { Test-MemoryBank -Path 'Variable:\' } | Should -Throw -PassThru

            $record.FullyQualifiedErrorId | Should -BeExactly 'PathNotFileSystem,MemoryBank.PowerShell.Commands.TestMemoryBankCommand'
        }
    }
}

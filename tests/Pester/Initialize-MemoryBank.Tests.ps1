#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Runs Initialize-MemoryBank against throwaway clones of a bare remote, with real git and a fixed
# identity, so the results never depend on the machine's git configuration.

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

    function New-TestClone {
        $folder = Join-Path $testRoot ([guid]::NewGuid().ToString('N').Substring(0, 8))
        $remote = Join-Path $folder 'remote.git'
        $clone = Join-Path $folder 'clone'
        Invoke-TestGit init --quiet --bare --initial-branch=main $remote | Out-Null
        Invoke-TestGit clone --quiet $remote $clone | Out-Null
        Invoke-TestGit -C $clone symbolic-ref HEAD refs/heads/main | Out-Null
        Set-Content -Path (Join-Path $clone 'README.md') -Value '# Test repository'
        Invoke-TestGit -C $clone add README.md | Out-Null
        Invoke-TestGit -C $clone commit --quiet -m 'Initial commit' | Out-Null
        Invoke-TestGit -C $clone push --quiet origin main | Out-Null
        $clone
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
    $seedFiles = 'activeContext.md', 'patterns-buffer.md', 'lessons-buffer.md', 'decisions-inbox.md', 'SESSION_LOG.md'
    $strategies = 'union', 'theirs', 'graph', 'ours'
    $beginMarker = '# >>> memory-bank (managed by `memory-bank init`; edits inside this block are replaced)'
    $endMarker = '# <<< memory-bank'
}

AfterAll {
    foreach ($name in $savedEnvironment.Keys) {
        [Environment]::SetEnvironmentVariable($name, $savedEnvironment[$name])
    }

    Remove-Item -LiteralPath $testRoot -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Module -Name MemoryBank -Force -ErrorAction SilentlyContinue
}

Describe 'Initialize-MemoryBank' {
    BeforeEach {
        $clone = New-TestClone
    }

    Context 'in a new clone' {
        BeforeEach {
            $results = @(Initialize-MemoryBank -Path $clone)
        }

        It 'outputs SetupResult objects' {
            $results.Count | Should -BeGreaterThan 0
            foreach ($result in $results) {
                $result | Should -BeOfType ([MemoryBank.Core.Setup.SetupResult])
            }

            (Get-Command Initialize-MemoryBank).OutputType.Type | Should -Contain ([MemoryBank.Core.Setup.SetupResult])
        }

        It 'creates the five seed files' {
            foreach ($name in $seedFiles) {
                Join-Path $clone $bankPath $name | Should -Exist
                $results | Where-Object { $_.Action -eq 'Create' -and $_.Target -eq "$bankPath/$name" } | Should -HaveCount 1
            }
        }

        It 'writes the marked block in .gitattributes' {
            $attributes = Get-Content -LiteralPath (Join-Path $clone '.gitattributes')
            $attributes | Should -Contain $beginMarker
            $attributes | Should -Contain $endMarker
            $attributes | Should -Contain "$bankPath/*.md merge=memorybank-union"
            $attributes | Should -Contain "$bankPath/activeContext.md merge=memorybank-theirs"
            $attributes | Should -Contain "$bankPath/SESSION_LOG.md merge=memorybank-union"
            $results | Where-Object { $_.Action -eq 'Create' -and $_.Target -eq '.gitattributes' } | Should -HaveCount 1
        }

        It 'registers a merge driver for every strategy in the clone''s git config' {
            $config = Get-DriverConfig -Clone $clone
            foreach ($strategy in $strategies) {
                $config["merge.memorybank-$strategy.name"] | Should -Be "MemoryBank $strategy merge"
                $driver = $config["merge.memorybank-$strategy.driver"]
                $driver | Should -Match ([regex]::Escape($strategy))
                $driver | Should -Match '%O'
                $driver | Should -Match '%A'
                $driver | Should -Match '%B'
            }

            $registered = @($results | Where-Object Action -eq 'Register' | ForEach-Object Target | Sort-Object)
            $registered | Should -Be @($config.Keys | Sort-Object)
        }

        It 'outputs nothing and changes nothing when run again' {
            $before = Get-Content -LiteralPath (Join-Path $clone '.gitattributes') -Raw
            $second = @(Initialize-MemoryBank -Path $clone)
            $second | Should -HaveCount 0
            Get-Content -LiteralPath (Join-Path $clone '.gitattributes') -Raw | Should -BeExactly $before
        }
    }

    Context 'binding' {
        It 'uses the current PowerShell location when -Path is omitted' {
            Push-Location -LiteralPath $clone
            try {
                $results = @(Initialize-MemoryBank)
            }
            finally {
                Pop-Location
            }

            $results.Count | Should -BeGreaterThan 0
            Join-Path $clone $bankPath 'activeContext.md' | Should -Exist
        }

        It 'resolves a relative -Path against the PowerShell location, not the process directory' {
            Push-Location -LiteralPath (Split-Path $clone)
            try {
                $results = @(Initialize-MemoryBank -Path (Split-Path $clone -Leaf))
            }
            finally {
                Pop-Location
            }

            $results.Count | Should -BeGreaterThan 0
            Join-Path $clone $bankPath 'activeContext.md' | Should -Exist
        }

        It 'accepts the path positionally' {
            $results = @(Initialize-MemoryBank $clone)
            $results.Count | Should -BeGreaterThan 0
        }

        It 'writes each git command to the verbose stream' {
            $verbose = @(Initialize-MemoryBank -Path $clone -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
            $verbose.Message | Where-Object { $_ -like 'git rev-parse *' } | Should -Not -BeNullOrEmpty
        }
    }

    Context '-WhatIf' {
        It 'changes nothing and outputs nothing' {
            $results = @(Initialize-MemoryBank -Path $clone -WhatIf)

            $results | Should -HaveCount 0
            Join-Path $clone $bankPath | Should -Not -Exist
            Join-Path $clone '.gitattributes' | Should -Not -Exist
            (Get-DriverConfig -Clone $clone).Count | Should -Be 0
            Invoke-TestGit -C $clone status --porcelain | Should -BeNullOrEmpty
        }
    }

    Context 'errors' {
        It 'ends with NotAGitRepository for a folder outside a clone' {
            $folder = New-Item -ItemType Directory -Path (Join-Path $testRoot "not-a-repo-$([guid]::NewGuid().ToString('N').Substring(0, 8))")

            $record = { Initialize-MemoryBank -Path $folder.FullName } | Should -Throw -PassThru

            $record.FullyQualifiedErrorId | Should -BeExactly 'NotAGitRepository,MemoryBank.PowerShell.Commands.InitializeMemoryBankCommand'
            $record.CategoryInfo.Category | Should -Be 'InvalidData'
            $record.TargetObject | Should -Be $folder.FullName
            Join-Path $folder.FullName '.gitattributes' | Should -Not -Exist
        }

        It 'ends with PathNotFileSystem for a path on another provider' {
            $record = { Initialize-MemoryBank -Path 'Variable:\' } | Should -Throw -PassThru

            $record.FullyQualifiedErrorId | Should -BeExactly 'PathNotFileSystem,MemoryBank.PowerShell.Commands.InitializeMemoryBankCommand'
        }
    }
}

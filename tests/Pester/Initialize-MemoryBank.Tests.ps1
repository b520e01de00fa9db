#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Runs Initialize-MemoryBank against throwaway clones of a bare remote, with real git and a fixed
# identity, so the results never depend on the machine's git configuration.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $testEnvironment = Initialize-TestEnvironment
    $testRoot = $testEnvironment.Root

    # A bare remote whose main branch holds one commit with a README, and the clone that pushed it.
    function New-TestClone {
        $folder = Join-Path $testRoot ([guid]::NewGuid().ToString('N').Substring(0, 8))
        $clone = Join-Path $folder 'clone'
        New-TestRemote -Remote (Join-Path $folder 'remote.git') -Clone $clone
        $clone
    }

    $strategies = 'union', 'theirs', 'graph', 'ours'
    $beginMarker = '# >>> memory-bank (managed by `memory-bank init`; edits inside this block are replaced)'
    $endMarker = '# <<< memory-bank'
}

AfterAll {
    Restore-TestEnvironment -TestEnvironment $testEnvironment
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

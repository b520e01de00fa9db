#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Runs Test-MemoryBank against throwaway clones of a bare remote, with real git and a fixed identity,
# so the results never depend on the machine's git configuration.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $testEnvironment = Initialize-TestEnvironment
    $testRoot = $testEnvironment.Root

    $checkNames = 'config', 'bank-files', 'conflict-markers', 'gitattributes', 'drivers', 'lock', 'journal', 'double-harvest', 'conflict-copies', 'permissions'
    $beginMarker = '# >>> memory-bank (managed by `memory-bank init`; edits inside this block are replaced)'
}

AfterAll {
    Restore-TestEnvironment -TestEnvironment $testEnvironment
}

Describe 'Test-MemoryBank' {
    BeforeEach {
        $team = New-TestTeam -UnregisteredBob
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

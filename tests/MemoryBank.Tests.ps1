#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# End-to-end tour of the module: imports out/MemoryBank and drives every cmdlet against a temp bare
# remote and two persona clones, with real git and a fixed identity. The per-cmdlet details (binding,
# -WhatIf, error ids) live in tests/Pester/<Verb-Noun>.Tests.ps1.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Pester' 'TestHelpers.ps1')
    # Unlike tests/Pester, the tour takes its git identity from the global config and its dates from the clock.
    $testEnvironment = Initialize-TestEnvironment -Prefix 'memorybank-tour' -GitConfig "[user]`n`tname = Tour`n`temail = tour@memorybank.invalid" -NoFixedIdentity
    $root = $testEnvironment.Root

    $remote = Join-Path $root 'remote.git'
    $lead = Join-Path $root 'tech-lead'
    $dev = Join-Path $root 'dev-engineer'
    New-TestRemote -Remote $remote -Clone $lead -File 'app.txt' -Content 'code'
}

AfterAll {
    Restore-TestEnvironment -TestEnvironment $testEnvironment
}

Describe 'MemoryBank module tour' {
    It 'sets the bank up with Initialize-MemoryBank' {
        $results = Initialize-MemoryBank -Path $lead
        $results | Should -Not -BeNullOrEmpty
        $results[0] | Should -BeOfType ([MemoryBank.Core.Setup.SetupResult])
        Join-Path $lead '.claude/memory-bank/activeContext.md' | Should -Exist
        Invoke-TestGit -C $lead add -A | Out-Null
        Invoke-TestGit -C $lead commit --quiet -m 'Add memory bank' | Out-Null
        Invoke-TestGit -C $lead push --quiet origin main | Out-Null
        Initialize-MemoryBank -Path $lead | Should -BeNullOrEmpty
    }

    It 'joins from a second clone and starts a session' {
        Invoke-TestGit clone --quiet $remote $dev | Out-Null
        Initialize-MemoryBank -Path $dev | Out-Null
        $session = Start-MemorySession -Path $dev -Persona 'dev-engineer' -Confirm:$false
        $session | Should -BeOfType ([MemoryBank.Core.Sync.SessionResult])
        $session.Branch | Should -Be 'main'
    }

    It 'captures entries, including from the pipeline' {
        $added = 'retry flaky tests once', 'pin the SDK version' | Add-MemoryEntry -File lessons -Path $dev -Persona 'dev-engineer' -Confirm:$false
        $added.Count | Should -Be 2
        $added[0].File | Should -Be 'lessons-buffer.md'
    }

    It 'shows the unsaved entries in Get-MemorySyncStatus' {
        $row = Get-MemorySyncStatus -Path $dev -NoFetch | Where-Object File -EQ 'lessons-buffer.md'
        $row.LocalAdded | Should -Be 2
        $row.DriverRegistered | Should -BeTrue
    }

    It 'publishes with Save-MemorySession and the other clone picks it up' {
        $saved = Save-MemorySession -Path $dev -Persona 'dev-engineer' -Message 'tour' -Confirm:$false
        $saved.Published | Should -BeTrue
        $incoming = Start-MemorySession -Path $lead -Persona 'tech-lead' -Confirm:$false
        ($incoming.Files | Where-Object File -EQ 'lessons-buffer.md').From | Should -Contain 'dev-engineer'
        Invoke-TestGit -C $lead status --porcelain | Should -BeNullOrEmpty
    }

    It 'plans a harvest with -WhatIf and changes nothing' {
        $before = Invoke-TestGit -C $lead rev-parse HEAD
        Invoke-MemoryHarvest -Path $lead -Force -WhatIf
        Invoke-TestGit -C $lead rev-parse HEAD | Should -Be $before
    }

    It 'harvests into the docs as one published commit' {
        $items = Invoke-MemoryHarvest -Path $lead -Force -Persona 'tech-lead' -Confirm:$false
        $items | Should -Not -BeNullOrEmpty
        $items[0] | Should -BeOfType ([MemoryBank.Core.Harvest.HarvestItem])
        Join-Path $lead 'Docs/06-PostMortems' | Should -Exist
    }

    It 'passes its health checks' {
        $checks = Test-MemoryBank -Path $lead
        $checks | Where-Object Status -EQ 'Fail' | Should -BeNullOrEmpty
    }

    It 'exports and imports the bank, encrypted' {
        $archive = Join-Path $root 'bank.zip'
        $password = ConvertTo-SecureString 'correct horse battery staple' -AsPlainText -Force
        $export = Export-MemoryBank -Path $archive -Password $password -RepositoryPath $lead -Confirm:$false
        $export.Encrypted | Should -BeTrue
        $actions = Import-MemoryBank -Path $archive -Password $password -RepositoryPath $dev -Strategy Merge -Confirm:$false
        $actions | Should -Not -BeNullOrEmpty
    }
}

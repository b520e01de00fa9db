#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# End-to-end tour of the module: imports out/MemoryBank and drives every cmdlet against a temp bare
# remote and two persona clones, with real git and a fixed identity. The per-cmdlet details (binding,
# -WhatIf, error ids) live in tests/Pester/<Verb-Noun>.Tests.ps1.

BeforeAll {
    $manifestPath = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '..' 'out' 'MemoryBank' 'MemoryBank.psd1'))
    Import-Module -Name $manifestPath -Force

    $root = Join-Path ([System.IO.Path]::GetTempPath()) "memorybank-tour-$([guid]::NewGuid().ToString('N'))"
    New-Item -ItemType Directory -Path $root | Out-Null
    $globalConfig = Join-Path $root 'gitconfig'
    Set-Content -Path $globalConfig -Value "[user]`n`tname = Tour`n`temail = tour@memorybank.invalid"
    $environment = @{
        GIT_CONFIG_NOSYSTEM     = '1'
        GIT_CONFIG_GLOBAL       = $globalConfig
        GIT_CEILING_DIRECTORIES = [System.IO.Path]::GetTempPath().TrimEnd([System.IO.Path]::DirectorySeparatorChar)
        MEMORYBANK_PERSONA      = $null
    }
    $saved = @{}
    foreach ($name in $environment.Keys) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $environment[$name])
    }

    function Invoke-TourGit {
        $output = & git @args 2>&1
        if ($LASTEXITCODE -ne 0) { throw "git $($args -join ' ') failed: $output" }
        $output | Where-Object { $_ -is [string] }
    }

    $remote = Join-Path $root 'remote.git'
    $lead = Join-Path $root 'tech-lead'
    $dev = Join-Path $root 'dev-engineer'
    Invoke-TourGit init --quiet --bare --initial-branch=main $remote | Out-Null
    Invoke-TourGit clone --quiet $remote $lead | Out-Null
    Invoke-TourGit -C $lead symbolic-ref HEAD refs/heads/main | Out-Null
    Set-Content -Path (Join-Path $lead 'app.txt') -Value 'code'
    Invoke-TourGit -C $lead add app.txt | Out-Null
    Invoke-TourGit -C $lead commit --quiet -m 'Initial commit' | Out-Null
    Invoke-TourGit -C $lead push --quiet origin main | Out-Null
}

AfterAll {
    foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    Remove-Module MemoryBank -ErrorAction SilentlyContinue
    Remove-Item -Path $root -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'MemoryBank module tour' {
    It 'sets the bank up with Initialize-MemoryBank' {
        $results = Initialize-MemoryBank -Path $lead
        $results | Should -Not -BeNullOrEmpty
        $results[0] | Should -BeOfType ([MemoryBank.Core.Setup.SetupResult])
        Join-Path $lead '.claude/memory-bank/activeContext.md' | Should -Exist
        Invoke-TourGit -C $lead add -A | Out-Null
        Invoke-TourGit -C $lead commit --quiet -m 'Add memory bank' | Out-Null
        Invoke-TourGit -C $lead push --quiet origin main | Out-Null
        Initialize-MemoryBank -Path $lead | Should -BeNullOrEmpty
    }

    It 'joins from a second clone and starts a session' {
        Invoke-TourGit clone --quiet $remote $dev | Out-Null
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
        Invoke-TourGit -C $lead status --porcelain | Should -BeNullOrEmpty
    }

    It 'plans a harvest with -WhatIf and changes nothing' {
        $before = Invoke-TourGit -C $lead rev-parse HEAD
        Invoke-MemoryHarvest -Path $lead -Force -WhatIf
        Invoke-TourGit -C $lead rev-parse HEAD | Should -Be $before
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

#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Checks the built module in out/MemoryBank against its manifest and its help, after posh-git's
# test/ModuleManifest.Tests.ps1 and Pester's tst/Help.Tests.ps1.

BeforeDiscovery {
    $manifestPath = Join-Path $PSScriptRoot '..' '..' 'out' 'MemoryBank' 'MemoryBank.psd1'
    $commandCases = (Import-PowerShellDataFile -Path $manifestPath).CmdletsToExport |
        ForEach-Object { @{ CommandName = $_ } }
}

BeforeAll {
    # Sets $manifestPath, the built module's full path.
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $manifestData = Import-PowerShellDataFile -Path $manifestPath
    $module = Import-Module -Name $manifestPath -Force -PassThru
}

AfterAll {
    Remove-Module -Name MemoryBank -Force -ErrorAction SilentlyContinue
}

Describe 'Module manifest' {
    It 'passes Test-ModuleManifest' {
        $result = Test-ModuleManifest -Path $manifestPath -ErrorAction Stop
        $result | Should -Not -BeNullOrEmpty
        $result.Name | Should -Be 'MemoryBank'
    }

    It 'loads MemoryBank.dll as its root module' {
        $module.ModuleType | Should -Be 'Binary'
        $module.ImplementingAssembly.GetName().Name | Should -Be 'MemoryBank'
    }

    It 'has the version the assembly was built with' {
        $assemblyVersion = $module.ImplementingAssembly.GetName().Version
        $module.Version | Should -Be ([version]::new($assemblyVersion.Major, $assemblyVersion.Minor, $assemblyVersion.Build))
    }

    It 'lists its cmdlets explicitly, without wildcards' {
        $manifestData.CmdletsToExport | Should -Not -BeNullOrEmpty
        $manifestData.CmdletsToExport | Where-Object { $_ -match '[*?\[]' } | Should -BeNullOrEmpty
    }

    It 'exports no functions, aliases or variables' {
        @($manifestData.FunctionsToExport).Count | Should -Be 0
        @($manifestData.AliasesToExport).Count | Should -Be 0
        @($manifestData.VariablesToExport).Count | Should -Be 0
    }

    It 'exports exactly the cmdlets its manifest lists' {
        $exported = @(Get-Command -Module MemoryBank -CommandType Cmdlet | ForEach-Object Name | Sort-Object)
        $exported | Should -Be @($manifestData.CmdletsToExport | Sort-Object)
    }

    It 'ships every format file it lists' {
        foreach ($format in $manifestData.FormatsToProcess) {
            Join-Path (Split-Path $manifestPath) $format | Should -Exist
        }
    }
}

Describe '<CommandName>' -ForEach $commandCases {
    BeforeAll {
        $command = Get-Command -Name $CommandName -Module MemoryBank -ErrorAction SilentlyContinue
        $help = Get-Help -Name $CommandName -Full -ErrorAction SilentlyContinue
    }

    It 'is a cmdlet of the module' {
        $command | Should -Not -BeNullOrEmpty
        $command.CommandType | Should -Be 'Cmdlet'
        $command.ModuleName | Should -Be 'MemoryBank'
    }

    It 'has an approved verb, the Memory noun prefix and a matching class name' {
        $command.Verb | Should -BeIn (Get-Verb).Verb
        $command.Noun | Should -BeLike 'Memory*'
        $command.ImplementingType.Name | Should -Be "$($command.Verb)$($command.Noun)Command"
    }

    It 'has help with a synopsis' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        # Without a help file, PowerShell shows the syntax in place of the synopsis.
        $help.Synopsis.Trim() | Should -Not -Match "^$([regex]::Escape($CommandName))(\s+\[|\s*$)"
    }

    It 'describes every parameter' {
        $riskMitigationParameters = 'WhatIf', 'Confirm'
        $undescribed = @($help.parameters.parameter |
            Where-Object { $_ -and $_.name -notin $riskMitigationParameters } |
            Where-Object { -not ($_.PSObject.Properties.Name -contains 'description') -or -not ($_.description | Out-String).Trim() } |
            ForEach-Object name)
        $undescribed | Should -BeNullOrEmpty
    }
}

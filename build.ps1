#Requires -Version 7.4

<#
.SYNOPSIS
Builds, tests and packages the MemoryBank module.

.DESCRIPTION
Build runs `dotnet build`, which assembles the importable module in out/MemoryBank/. Test runs the xunit
tests, then the Pester tests in a child pwsh against out/MemoryBank/ when Pester 5 is installed. Package
zips out/MemoryBank/ into out/MemoryBank-<version>.zip. The tasks run in that order, whatever order they
are given in. The script only adds to out/: `dotnet build` alone still produces the whole module.

.EXAMPLE
./build.ps1 -Task Build, Test
#>
[CmdletBinding()]
param(
    # The tasks to run.
    [ValidateSet('Build', 'Test', 'Package')]
    [string[]] $Task = @('Build'),

    # The dotnet build configuration.
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$solution = Join-Path $PSScriptRoot 'MemoryBank.sln'
$outFolder = Join-Path $PSScriptRoot 'out'
$moduleFolder = Join-Path $outFolder 'MemoryBank'
$manifestPath = Join-Path $PSScriptRoot 'MemoryBank.psd1'

# A simple function, so options such as --configuration reach dotnet unbound.
function Invoke-Dotnet {
    Write-Host "dotnet $($args -join ' ')"
    & dotnet @args
    if ($LASTEXITCODE -ne 0) {
        throw "'dotnet $($args -join ' ')' failed with exit code $LASTEXITCODE. Fix the errors it printed above, then run build.ps1 again."
    }
}

function Assert-ModuleBuilt {
    if (-not (Test-Path (Join-Path $moduleFolder 'MemoryBank.dll'))) {
        throw "The module is not built: '$moduleFolder' has no MemoryBank.dll. Run ./build.ps1 -Task Build first."
    }
}

function Invoke-BuildTask {
    Invoke-Dotnet build $solution --configuration $Configuration
}

function Invoke-TestTask {
    Invoke-Dotnet test $solution --configuration $Configuration
    Assert-ModuleBuilt

    $pester = Get-Module -ListAvailable -Name Pester |
        Where-Object { $_.Version.Major -eq 5 } |
        Sort-Object -Property Version -Descending |
        Select-Object -First 1
    if ($null -eq $pester) {
        Write-Warning 'Pester 5 is not installed, so the Pester tests were skipped. Install it with: Install-Module Pester -MinimumVersion 5.0 -MaximumVersion 5.99 -Scope CurrentUser'
        return
    }

    # A child pwsh loads the freshly built MemoryBank.dll, so this session never locks it.
    $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    # Pester discovers tests/MemoryBank.Tests.ps1 (the end-to-end tour) and tests/Pester/*.Tests.ps1.
    $testFolder = Join-Path $PSScriptRoot 'tests'
    $resultPath = Join-Path $outFolder 'TestResults' 'Pester.xml'
    Write-Host "Pester $($pester.Version) in $testFolder"
    & $pwsh -NoProfile -NonInteractive -Command {
        param($PesterPath, $TestFolder, $ResultPath)
        Import-Module -Name $PesterPath -ErrorAction Stop
        $configuration = New-PesterConfiguration
        $configuration.Run.Path = $TestFolder
        $configuration.Run.Exit = $true
        $configuration.Output.Verbosity = 'Detailed'
        $configuration.TestResult.Enabled = $true
        $configuration.TestResult.OutputPath = $ResultPath
        Invoke-Pester -Configuration $configuration
    } -args $pester.Path, $testFolder, $resultPath
    if ($LASTEXITCODE -ne 0) {
        throw "The Pester tests failed (exit code $LASTEXITCODE). See the output above, or $resultPath."
    }
}

function Invoke-PackageTask {
    Assert-ModuleBuilt
    $version = (Import-PowerShellDataFile -Path $manifestPath).ModuleVersion
    $zipPath = Join-Path $outFolder "MemoryBank-$version.zip"

    # The zip holds the MemoryBank folder itself, so it unpacks straight into a module path.
    Compress-Archive -Path $moduleFolder -DestinationPath $zipPath -Force
    Write-Host "Packaged $zipPath"
}

foreach ($name in 'Build', 'Test', 'Package') {
    if ($Task -contains $name) {
        Write-Host "== $name ($Configuration)"
        & "Invoke-$($name)Task"
    }
}

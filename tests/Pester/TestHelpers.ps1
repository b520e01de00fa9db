# Shared setup for the Pester tests, dot-sourced at the top of each test file's BeforeAll:
#
#     BeforeAll {
#         . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
#         $testEnvironment = Initialize-TestEnvironment
#         $testRoot = $testEnvironment.Root
#     }
#
#     AfterAll {
#         Restore-TestEnvironment -TestEnvironment $testEnvironment
#     }
#
# Dot-sourced there, its functions and variables live in the BeforeAll block's scope, so that block, its
# AfterAll and every It of the container see them. The functions that create folders (New-TestTeam,
# New-ArchivePath) put them under $testRoot, and Get-BankFingerprint reads $bankPath: both are looked up in
# the caller's scopes, so the test file sets $testRoot as above.

# The built module's manifest, the bank's folder in a clone, and the files Initialize-MemoryBank seeds it with.
$manifestPath = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '..' '..' 'out' 'MemoryBank' 'MemoryBank.psd1'))
$bankPath = '.claude/memory-bank'
$seedFiles = 'activeContext.md', 'patterns-buffer.md', 'lessons-buffer.md', 'decisions-inbox.md', 'SESSION_LOG.md'

# Imports the built module, creates a temp folder with an empty global git config in it, and points git
# at that config with a fixed identity, so the results never depend on the machine's git configuration.
# Outputs what Restore-TestEnvironment needs to undo it all; Root is the temp folder.
function Initialize-TestEnvironment {
    param(
        # The temp folder's name starts with this.
        [string] $Prefix = 'memorybank-pester',

        # What the global git config holds; empty when omitted.
        [string] $GitConfig,

        # Leaves the author and committer (names, emails and dates) unset, for runs that take their identity
        # from -GitConfig and their dates from the clock.
        [switch] $NoFixedIdentity
    )

    Import-Module -Name $manifestPath -Force

    $root = Join-Path ([System.IO.Path]::GetTempPath()) "$Prefix-$([guid]::NewGuid().ToString('N'))"
    New-Item -ItemType Directory -Path $root | Out-Null
    $globalConfig = Join-Path $root 'gitconfig'
    New-Item -ItemType File -Path $globalConfig | Out-Null
    if ($GitConfig) {
        Set-Content -Path $globalConfig -Value $GitConfig
    }

    $fixedEnvironment = @{
        GIT_CONFIG_NOSYSTEM     = '1'
        GIT_CONFIG_GLOBAL       = $globalConfig
        # Keeps git from finding a repository above the temp folder.
        GIT_CEILING_DIRECTORIES = [System.IO.Path]::GetTempPath().TrimEnd([System.IO.Path]::DirectorySeparatorChar)
        # The persona comes from -Persona in these tests, never from the machine's environment.
        MEMORYBANK_PERSONA      = $null
    }
    if (-not $NoFixedIdentity) {
        $fixedEnvironment += @{
            GIT_AUTHOR_NAME     = 'MemoryBank Test'
            GIT_AUTHOR_EMAIL    = 'test@memorybank.invalid'
            GIT_AUTHOR_DATE     = '2024-01-01T00:00:00Z'
            GIT_COMMITTER_NAME  = 'MemoryBank Test'
            GIT_COMMITTER_EMAIL = 'test@memorybank.invalid'
            GIT_COMMITTER_DATE  = '2024-01-01T00:00:00Z'
        }
    }

    $savedEnvironment = @{}
    foreach ($name in $fixedEnvironment.Keys) {
        $savedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $fixedEnvironment[$name])
    }

    [pscustomobject]@{ Root = $root; GlobalConfig = $globalConfig; SavedEnvironment = $savedEnvironment }
}

# Undoes Initialize-TestEnvironment: restores the environment variables, deletes the temp folder and removes
# the module. Takes $null too, for an AfterAll whose BeforeAll failed early.
function Restore-TestEnvironment {
    param($TestEnvironment)

    if ($null -ne $TestEnvironment) {
        foreach ($name in $TestEnvironment.SavedEnvironment.Keys) {
            [Environment]::SetEnvironmentVariable($name, $TestEnvironment.SavedEnvironment[$name])
        }

        Remove-Item -LiteralPath $TestEnvironment.Root -Recurse -Force -ErrorAction SilentlyContinue
    }

    Remove-Module -Name MemoryBank -Force -ErrorAction SilentlyContinue
}

# A simple function, so git options such as -C reach git unbound.
function Invoke-TestGit {
    $output = & git @args 2>&1
    if ($LASTEXITCODE -ne 0) {
        throw "git $($args -join ' ') failed with exit code ${LASTEXITCODE}: $output"
    }

    $output | Where-Object { $_ -is [string] }
}

# A bare remote whose main branch holds one commit, and the clone on main that made and pushed it. The
# commit adds -File (README.md by default); with -InitializeBank it also sets the memory bank up.
function New-TestRemote {
    param(
        [Parameter(Mandatory)] [string] $Remote,
        [Parameter(Mandatory)] [string] $Clone,
        [string] $File = 'README.md',
        [string] $Content = '# Test repository',
        [switch] $InitializeBank
    )

    Invoke-TestGit init --quiet --bare --initial-branch=main $Remote | Out-Null
    Invoke-TestGit clone --quiet $Remote $Clone | Out-Null
    Invoke-TestGit -C $Clone symbolic-ref HEAD refs/heads/main | Out-Null
    Set-Content -Path (Join-Path $Clone $File) -Value $Content
    if ($InitializeBank) {
        Initialize-MemoryBank -Path $Clone | Out-Null
        Invoke-TestGit -C $Clone add --all | Out-Null
        Invoke-TestGit -C $Clone commit --quiet -m 'Set up the memory bank' | Out-Null
    }
    else {
        Invoke-TestGit -C $Clone add $File | Out-Null
        Invoke-TestGit -C $Clone commit --quiet -m 'Initial commit' | Out-Null
    }

    Invoke-TestGit -C $Clone push --quiet origin main | Out-Null
}

# A bare remote whose main branch holds a set-up bank, and two clones of it under a new folder of $testRoot:
# alice, which set the bank up and pushed it, and bob, which cloned it afterwards and registered its own
# merge drivers. -AliceOnly leaves bob out; -UnregisteredBob leaves bob's merge drivers unregistered (git
# never clones config), which is what Test-MemoryBank -Repair is for.
function New-TestTeam {
    param(
        [switch] $AliceOnly,
        [switch] $UnregisteredBob
    )

    $folder = Join-Path $testRoot ([guid]::NewGuid().ToString('N').Substring(0, 8))
    $remote = Join-Path $folder 'remote.git'
    $alice = Join-Path $folder 'alice'
    New-TestRemote -Remote $remote -Clone $alice -InitializeBank
    if ($AliceOnly) {
        return [pscustomobject]@{ Remote = $remote; Alice = $alice }
    }

    $bob = Join-Path $folder 'bob'
    Invoke-TestGit clone --quiet $remote $bob | Out-Null
    if (-not $UnregisteredBob) {
        Initialize-MemoryBank -Path $bob | Out-Null
    }

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

function Get-RemoteTip {
    param([string] $Remote)

    Invoke-TestGit -C $Remote rev-parse main
}

# The clone's merge.memorybank-* config entries, key to value.
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

# A path for an archive under $testRoot that does not exist yet.
function New-ArchivePath {
    Join-Path $testRoot "bank-$([guid]::NewGuid().ToString('N').Substring(0, 8)).zip"
}

# True when a parameter takes pipeline input, by value or by property name, in any parameter set.
function Test-PipelineParameter {
    param([System.Management.Automation.ParameterMetadata] $Parameter)

    [bool]($Parameter.ParameterSets.Values | Where-Object { $_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName })
}

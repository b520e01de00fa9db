@{
    RootModule           = 'MemoryBank.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '025d33f5-13c4-46d4-b8e2-6edf0503305c'
    Author               = 'MemoryBank contributors'
    CompanyName          = 'MemoryBank contributors'
    Copyright            = '(c) MemoryBank contributors.'
    Description          = 'Keeps an AI assistant''s Markdown memory bank in sync across git clones: entry-level merge drivers, session start and save, quick capture and status.'
    CompatiblePSEditions = @('Core')
    PowerShellVersion    = '7.4'

    # Listed explicitly, never with wildcards, so command discovery needs no import.
    CmdletsToExport      = @(
        'Initialize-MemoryBank'
        'Start-MemorySession'
        'Save-MemorySession'
        'Get-MemorySyncStatus'
        'Add-MemoryEntry'
        'Invoke-MemoryHarvest'
        'Test-MemoryBank'
        'Export-MemoryBank'
        'Import-MemoryBank'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()

    FormatsToProcess     = @('MemoryBank.format.ps1xml')

    PrivateData          = @{
        PSData = @{
            Tags         = @('memory-bank', 'AI', 'assistant', 'git', 'merge', 'markdown', 'sync', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://github.com/memorybank/memorybank/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/memorybank/memorybank'
            ReleaseNotes = 'First release: Initialize-MemoryBank, Start-MemorySession, Save-MemorySession, Get-MemorySyncStatus and Add-MemoryEntry, and the memory-bank command with its git merge drivers. Invoke-MemoryHarvest is a placeholder until the harvest feature arrives. See https://github.com/memorybank/memorybank/blob/main/CHANGELOG.md.'
        }
    }
}

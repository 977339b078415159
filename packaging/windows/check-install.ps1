<#
.SYNOPSIS
  Check the MSI the way IT uses it (run elevated, on a machine without Clienteling): a silent
  install with STOREID/APIURL/ENROLLCODE writes the machine-wide config; a bad APIURL rolls the
  install back and provision.log says why; an upgrade without properties replaces the product and
  keeps the config; uninstalling keeps the config. Exits non-zero at the first failed check.

.EXAMPLE
  powershell -ExecutionPolicy Bypass -File packaging\windows\check-install.ps1 `
      -Msi dist\Clienteling-0.1.0-x64.msi -UpgradeMsi dist\Clienteling-0.1.1-x64.msi
#>
param(
    [Parameter(Mandatory = $true)][string]$Msi,
    [string]$UpgradeMsi = ""
)

$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

$configDir = Join-Path $env:ProgramData "Clienteling"
$config = Join-Path $configDir "terminal.toml"
$provisionLog = Join-Path $configDir "provision.log"
$installDir = Join-Path $env:ProgramFiles "Clienteling"
$shortcut = Join-Path $env:ProgramData "Microsoft\Windows\Start Menu\Programs\Clienteling.lnk"

function Invoke-Msiexec([string]$Log, [string[]]$Arguments) {
    $process = Start-Process msiexec.exe -ArgumentList ($Arguments + @("/qn", "/l*v", "`"$Log`"")) -Wait -PassThru
    return $process.ExitCode
}

function Assert-True([bool]$Condition, [string]$Message) {
    if (-not $Condition) { throw "check failed: $Message" }
    Write-Host "ok: $Message"
}

function Get-Installed {
    $keys = "HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\*"
    return @(Get-ItemProperty $keys -ErrorAction SilentlyContinue |
             Where-Object { $_.PSObject.Properties["DisplayName"] -and $_.DisplayName -eq "Clienteling" })
}

$Msi = (Resolve-Path $Msi).Path
Assert-True (-not (Test-Path $config)) "no machine-wide config before the first install ($config)"

# 1. A bad APIURL: the provisioning custom action fails, the install rolls back, the log says why.
$code = Invoke-Msiexec "msi-bad-url.log" @("/i", "`"$Msi`"", "STOREID=S001", "APIURL=ftp://central.example.com")
Assert-True ($code -eq 1603) "a bad APIURL fails the install (msiexec exit code $code, expected 1603)"
Assert-True (-not (Test-Path (Join-Path $installDir "clienteling.exe"))) "the failed install was rolled back"
$logText = Get-Content $provisionLog -Raw
Assert-True ($logText -match "server_url" -and $logText -match "http:// or https://") "provision.log names server_url and what is expected"

# 2. The silent install IT runs.
$code = Invoke-Msiexec "msi-install.log" @("/i", "`"$Msi`"", "STOREID=S001",
    "APIURL=https://central.example.com", "ENROLLCODE=ABCD-EFGH-JKLM")
if ($code -ne 0) { Get-Content "msi-install.log" -Tail 60; throw "silent install failed (msiexec exit code $code)" }
Assert-True (Test-Path (Join-Path $installDir "clienteling.exe")) "clienteling.exe in $installDir"
Assert-True (Test-Path $shortcut) "Start-menu shortcut $shortcut"
$text = Get-Content $config -Raw
Assert-True ($text -match '(?m)^store_id = "S001"\r?$') "store_id = S001 in $config"
Assert-True ($text -match '(?m)^server_url = "https://central.example.com"\r?$') "server_url in $config"
Assert-True ($text -match '(?m)^enroll_code = "ABCD-EFGH-JKLM"\r?$') "enroll_code in $config"
# ENROLLCODE is Hidden (MsiHiddenProperties) and the custom action HideTarget: report, not fail,
# since what a verbose log shows of the command line depends on the Windows Installer version.
if ((Get-Content "msi-install.log" -Raw) -match "ABCD-EFGH-JKLM") {
    Write-Warning "the enrolment code appears in the verbose MSI log (msi-install.log)"
}
Assert-True ((Get-Installed).Count -eq 1) "one Clienteling product registered"

# 3. An upgrade passes no property: the old version goes, the config stays as it was.
if ($UpgradeMsi) {
    $UpgradeMsi = (Resolve-Path $UpgradeMsi).Path
    $code = Invoke-Msiexec "msi-upgrade.log" @("/i", "`"$UpgradeMsi`"")
    Assert-True ($code -eq 0) "silent upgrade (msiexec exit code $code)"
    $installed = Get-Installed
    Assert-True ($installed.Count -eq 1) "still one Clienteling product registered after the upgrade"
    Write-Host "   version now $($installed[0].DisplayVersion)"
    Assert-True ((Get-Content $config -Raw) -eq $text) "the config file is unchanged by the upgrade"
}

# 4. Uninstall removes the program and keeps IT's config.
$productCode = (Get-Installed)[0].PSChildName
$code = Invoke-Msiexec "msi-uninstall.log" @("/x", $productCode)
Assert-True ($code -eq 0) "silent uninstall (msiexec exit code $code)"
Assert-True (-not (Test-Path (Join-Path $installDir "clienteling.exe"))) "program files removed"
Assert-True (Test-Path $config) "the machine-wide config is kept after uninstall"
Write-Host "All MSI checks passed."

<#
.SYNOPSIS
  Build the Clienteling MSI: translations, PyInstaller bundle, Files.wxs, WiX v3 candle + light.

.EXAMPLE
  powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
  # -> dist\Clienteling-<version>-x64.msi (run from the repository root, after
  #    python -m venv .venv; .venv\Scripts\pip install -e . pyinstaller)

.PARAMETER Python
  The Python that has the app's dependencies and PyInstaller (default .venv\Scripts\python.exe).
.PARAMETER WixBin
  Folder of candle.exe and light.exe (default: $env:WIX\bin of an installed WiX v3, then PATH).
.PARAMETER Version
  MSI ProductVersion, x.y.z (default: clienteling.__version__). Only the first three parts count
  for upgrades: a new release needs a higher one.
.PARAMETER SkipBundle
  Reuse dist\clienteling instead of running PyInstaller again.
#>
param(
    [string]$Python = ".venv\Scripts\python.exe",
    [string]$WixBin = "",
    [string]$Version = "",
    [switch]$SkipBundle
)

$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

# Native tools do not stop the script on failure by themselves.
function Invoke-Checked([string]$What, [scriptblock]$Command) {
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit code $LASTEXITCODE)" }
}

function Find-WixTool([string]$Name) {
    $candidates = @()
    if ($WixBin) { $candidates += Join-Path $WixBin $Name }
    if ($env:WIX) { $candidates += Join-Path (Join-Path $env:WIX "bin") $Name }
    foreach ($candidate in $candidates) {
        if (Test-Path $candidate) { return $candidate }
    }
    $onPath = Get-Command $Name -ErrorAction SilentlyContinue
    if ($onPath) { return $onPath.Source }
    throw "$Name not found: install the WiX Toolset v3 (3.11 or 3.14) or pass -WixBin <folder of candle.exe and light.exe>"
}

if (-not (Test-Path "packaging\windows\Product.wxs")) {
    throw "run from the repository root (packaging\windows\Product.wxs not found in $(Get-Location))"
}
if (-not (Test-Path $Python)) {
    throw "$Python not found: create the environment first (python -m venv .venv; .venv\Scripts\pip install -e . pyinstaller) or pass -Python"
}
$candle = Find-WixTool "candle.exe"
$light = Find-WixTool "light.exe"

if (-not $Version) {
    $Version = (& $Python -c "import clienteling; print(clienteling.__version__)").Trim()
}
if ($Version -notmatch '^\d+\.\d+\.\d+$') {
    throw "version '$Version' is not x.y.z (MSI ProductVersion: three numbers)"
}

if (-not $SkipBundle) {
    Invoke-Checked "translations" { & $Python packaging\i18n.py compile }
    Invoke-Checked "PyInstaller" {
        & $Python -m PyInstaller --noconfirm --clean --distpath dist --workpath build\pyinstaller packaging\clienteling.spec
    }
}
$bundle = "dist\clienteling"
New-Item -ItemType Directory -Force -Path build\wix | Out-Null
Invoke-Checked "harvest" { & $Python packaging\windows\harvest.py $bundle --out build\wix\Files.wxs }

Invoke-Checked "candle" {
    & $candle -nologo -arch x64 "-dVersion=$Version" "-dBundleDir=$bundle" -out build\wix\ `
        packaging\windows\Product.wxs build\wix\Files.wxs
}
$msi = "dist\Clienteling-$Version-x64.msi"
# ICE38/ICE43/ICE57 expect the Start-menu shortcut's key path under HKCU, which suits per-user
# packages; this one is per-machine (ALLUSERS=1), so its key path is under HKLM.
Invoke-Checked "light" {
    & $light -nologo -spdb -sice:ICE38 -sice:ICE43 -sice:ICE57 -out $msi build\wix\Product.wixobj build\wix\Files.wixobj
}
Write-Host "Built $msi"

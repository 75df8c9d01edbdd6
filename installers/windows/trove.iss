; Inno Setup 6 script: per-user install of the one-folder build (no admin rights needed).
; Built by installers/build.py, which passes the version and paths:
;   iscc /DAppVersion=0.1.0 /DSourceDir=dist\Trove /DOutputDir=dist installers\windows\trove.iss

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\Trove"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

[Setup]
; Keep this AppId forever: upgrades and the uninstaller find the installed app by it.
AppId={{6F1B7C2A-4E0D-4C55-9D1E-7B3A2F8C9E41}
AppName=Trove
AppVersion={#AppVersion}
AppVerName=Trove {#AppVersion}
AppPublisher=Trove
VersionInfoVersion={#AppVersion}
; Per-user: installs under %LOCALAPPDATA%\Programs\Trove, no UAC prompt.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\Trove
DefaultGroupName=Trove
DisableProgramGroupPage=yes
UninstallDisplayIcon={app}\Trove.exe
UninstallDisplayName=Trove
SetupIconFile=..\..\resources\icons\trove.ico
OutputDir={#OutputDir}
OutputBaseFilename=Trove-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Trove holds a lock on its data dir; ask to close it before files are replaced.
CloseApplications=yes
CloseApplicationsFilter=Trove.exe,trove-cli.exe

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "korean"; MessagesFile: "compiler:Languages\Korean.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the whole bundle: no stale libraries from the previous version.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\Trove"; Filename: "{app}\Trove.exe"
Name: "{group}\Uninstall Trove"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Trove"; Filename: "{app}\Trove.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\Trove.exe"; Description: "{cm:LaunchProgram,Trove}"; Flags: nowait postinstall skipifsilent

; The index and settings (%LOCALAPPDATA%\Trove, %APPDATA%\Trove... via platformdirs) are the
; user's data and stay after uninstalling, as does the API key in Windows Credential Manager.

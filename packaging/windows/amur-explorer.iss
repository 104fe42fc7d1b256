; Inno Setup 6 script: per-user installer for the PyInstaller onedir build.
;
; Build (after PyInstaller has written dist\amur-explorer\), from the repository root:
;   iscc /DAppVersion=0.1.0 packaging\windows\amur-explorer.iss
; AppVersion comes from explorer/__init__.py (__version__); the release
; workflow reads it there and passes it in. Output: dist\amur-explorer-<version>-setup.exe
;
; Installs for the current user only, without administrator rights
; (PrivilegesRequired=lowest): {autopf} is then %LOCALAPPDATA%\Programs and
; {autoprograms} the user's Start menu. The app writes nothing in {app}; the
; user's workspace lives in %LOCALAPPDATA%\AmurExplorer\amur-explorer and is left
; in place by the uninstaller.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z packaging\windows\amur-explorer.iss
#endif
#define AppName "Amur Explorer"
#define AppExe "amur-explorer.exe"
#define SourceDir "..\..\dist\amur-explorer"

[Setup]
; AppId identifies the app to the uninstaller and to upgrades: never change it.
AppId={{D794CB6F-7123-460B-801D-F7F3115A4E9F}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Amur Explorer developers
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=amur-explorer-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\amur-explorer.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "russian"; MessagesFile: "compiler:Languages\Russian.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the whole bundle: no stale modules from an older version.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

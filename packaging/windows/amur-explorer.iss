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
;
; Two executables share the bundle: amur-explorer.exe (windowed: Start menu, "Open
; with") and amur-explorer-cli.exe (console: the command line prints its reports and
; cmd/PowerShell wait for it). The "addtopath" task puts {app} on the user's PATH;
; the uninstaller takes it off again.
; Silent install (as the release workflow does):
;   amur-explorer-<version>-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /CURRENTUSER /TASKS=addtopath

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z packaging\windows\amur-explorer.iss
#endif
#define AppName "Amur Explorer"
#define AppExe "amur-explorer.exe"
#define CliExe "amur-explorer-cli.exe"
#define ProgId "AmurExplorer.DataFile"
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
; Explorer and new consoles see the PATH change without a log-off.
ChangesEnvironment=yes
ChangesAssociations=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "russian"; MessagesFile: "compiler:Languages\Russian.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "Add amur-explorer-cli to PATH (command line)"; GroupDescription: "Command line:"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the whole bundle: no stale modules from an older version.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Registry]
; "Open with" for CSV, TSV and Excel files: opens the import wizard on the file.
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueData: "Data file for {#AppName}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\.csv\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.tsv\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.xlsx\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
; The command line on the user's PATH, when asked for.
Root: HKCU; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NotOnPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
// The user's PATH as a list of folders, compared without case and trailing backslash.
function OnPath(Dir: string; Path: string): Boolean;
begin
  Result := Pos(';' + Uppercase(RemoveBackslashUnlessRoot(Dir)) + ';',
                ';' + Uppercase(Path) + ';') > 0;
end;

function NotOnPath(Dir: string): Boolean;
var
  Path: string;
begin
  if not RegQueryStringValue(HKCU, 'Environment', 'Path', Path) then
    Path := '';
  Result := not OnPath(Dir, Path);
end;

// The uninstaller takes {app} off the user's PATH and leaves the rest as it was.
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Path, Dir: string;
  P: Integer;
begin
  if CurUninstallStep <> usPostUninstall then
    exit;
  if not RegQueryStringValue(HKCU, 'Environment', 'Path', Path) then
    exit;
  Dir := RemoveBackslashUnlessRoot(ExpandConstant('{app}'));
  Path := ';' + Path + ';';
  P := Pos(';' + Uppercase(Dir) + ';', Uppercase(Path));
  if P = 0 then
    exit;
  Delete(Path, P, Length(Dir) + 1);
  Path := Copy(Path, 2, Length(Path) - 2);
  RegWriteExpandStringValue(HKCU, 'Environment', 'Path', Path);
end;

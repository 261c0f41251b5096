; Inno Setup 6 script: the Windows installer of Evidence Station (执法音像记录证据工作站).
; Build on Windows after the PyInstaller folder exists (see README.md in this folder):
;     iscc /DAppVersion=0.1.0 installers\windows\evidence_station.iss
; Output: dist\evidence-station-<version>-setup.exe
; The program goes to Program Files; station data are never written there. The station service (the one process
; holding the catalogue, the vault and the station key) is installed as the Windows service "EvidenceStation",
; wrapped by WinSW (https://github.com/winsw/winsw, MIT; put WinSW-x64.exe next to this script as
; EvidenceStationService.exe before building), running as the virtual account NT SERVICE\EvidenceStation with its
; home in %ProgramData%\EvidenceStation\station (only that account and SYSTEM may read it). Windows has no Unix
; sockets: the service listens on http://127.0.0.1:47321 (this machine only); the client file
; %ProgramData%\EvidenceStation\client.json points the program and the command line at it. An administrator
; prepares the station once (see README.md), then the service starts. Upgrades and uninstalls keep the station.
; Silent install for many desks: setup.exe /VERYSILENT /NORESTART. NOT TESTED on Windows by the project's CI.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Evidence Station"
#define AppNameZh "执法音像记录证据工作站"
#define GuiExe "EvidenceStation.exe"
#define CliExe "evidence-station.exe"
#define Dist "..\..\dist"

[Setup]
; The AppId identifies the installation for upgrades and the uninstaller: never change it.
AppId={{5B0E3C2A-7E54-4C1F-9B0D-2F8A6E1C7D41}
AppName={#AppNameZh} ({#AppName})
AppVersion={#AppVersion}
AppVerName={#AppNameZh} {#AppVersion}
AppPublisher=Evidence Station
DefaultDirName={autopf}\Evidence Station
DefaultGroupName={#AppNameZh}
DisableProgramGroupPage=yes
OutputDir={#Dist}
OutputBaseFilename=evidence-station-{#AppVersion}-setup
SetupIconFile=evidence-station.ico
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppNameZh} ({#AppName})
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
MinVersion=10.0
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
CloseApplications=yes

[Languages]
; Inno Setup ships ChineseSimplified.isl among its languages from 6.3 on (earlier: "Unofficial" folder).
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\Unofficial\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\Unofficial\ChineseSimplified.isl"
#endif
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole PyInstaller folder: both programs, Python, Qt, libvlc and plugins, the PDF font, translations.
Source: "{#Dist}\evidence-station\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\..\docs\guide\*"; DestDir: "{app}\guide"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\..\docs\screenshots\*"; DestDir: "{app}\screenshots"; Flags: ignoreversion skipifsourcedoesntexist
; The station service (WinSW wrapper and its configuration) and the desks' client file.
Source: "EvidenceStationService.exe"; DestDir: "{app}\service"; Flags: ignoreversion
Source: "EvidenceStationService.xml"; DestDir: "{app}\service"; Flags: ignoreversion
Source: "client.json"; DestDir: "{commonappdata}\EvidenceStation"; Flags: onlyifdoesntexist uninsneveruninstall

[Dirs]
Name: "{commonappdata}\EvidenceStation"; Flags: uninsneveruninstall

[Icons]
Name: "{group}\{#AppNameZh}"; Filename: "{app}\{#GuiExe}"; Parameters: "gui"; WorkingDir: "{userdocs}"
Name: "{group}\用户指南"; Filename: "{app}\guide"
Name: "{group}\{cm:UninstallProgram,{#AppNameZh}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppNameZh}"; Filename: "{app}\{#GuiExe}"; Parameters: "gui"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Run]
; The station's home: only the service's virtual account, SYSTEM and the Administrators (who prepare it once).
Filename: "{sys}\cmd.exe"; Parameters: "/c mkdir ""{commonappdata}\EvidenceStation\station"" 2>nul"; Flags: runhidden
Filename: "{sys}\icacls.exe"; Parameters: """{commonappdata}\EvidenceStation\station"" /inheritance:r /grant:r ""SYSTEM:(OI)(CI)F"" ""Administrators:(OI)(CI)F"" ""NT SERVICE\EvidenceStation:(OI)(CI)M"""; Flags: runhidden
Filename: "{app}\service\EvidenceStationService.exe"; Parameters: "install"; Flags: runhidden
Filename: "{app}\service\EvidenceStationService.exe"; Parameters: "start"; Flags: runhidden; Check: StationPrepared
Filename: "{app}\{#GuiExe}"; Parameters: "gui"; Description: "{cm:LaunchProgram,{#AppNameZh}}"; Flags: nowait postinstall skipifsilent

[UninstallRun]
Filename: "{app}\service\EvidenceStationService.exe"; Parameters: "stop"; Flags: runhidden; RunOnceId: "StopService"
Filename: "{app}\service\EvidenceStationService.exe"; Parameters: "uninstall"; Flags: runhidden; RunOnceId: "RemoveService"

[Code]
function StationPrepared(): Boolean;
begin
  Result := FileExists(ExpandConstant('{commonappdata}\EvidenceStation\station\settings.json'));
end;

[UninstallDelete]
; Only what the program itself may leave in its own folder (Python byte-code caches). User data are elsewhere.
Type: filesandordirs; Name: "{app}\_internal\__pycache__"

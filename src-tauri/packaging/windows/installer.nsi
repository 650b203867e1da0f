; 政务公开工作台 — the Windows installer, built with Debian's makensis by `make windows`
; (tauri's own NSIS bundler downloads its plugins from GitHub at build time, which these
; machines cannot). Per machine (Program Files, administrator rights), Simplified Chinese,
; the `disclosure` CLI beside the app, a Start-menu folder 政务公开工作台.
;
; makensis -DVERSION=0.1.0 -DAPP_EXE=… -DCLI_EXE=… -DICON=… -DOUT_FILE=… installer.nsi
; WebView2: Windows 11 has it; a Windows 10 PC may not. Built as it is here, the installer
; needs nothing at build time and, where WebView2 is missing, says so and how to get it.
; Built on a networked machine with -DWEBVIEW2_INSTALLER=path\to\
; MicrosoftEdgeWebView2RuntimeInstallerX64.exe (Microsoft's offline "Evergreen Standalone
; Installer"), it carries that installer and runs it silently where WebView2 is missing.

; A 64-bit installer (the program is 64-bit only): it also runs under a 64-bit-only Wine.
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma

!include "MUI2.nsh"
!include "x64.nsh"

!define PRODUCT "政务公开工作台"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${PRODUCT}"
; Microsoft's documented key for an installed WebView2 Runtime (per machine, 64-bit Windows).
!define WEBVIEW2_KEY "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${PRODUCT}"
OutFile "${OUT_FILE}"
InstallDir "$PROGRAMFILES64\${PRODUCT}"
RequestExecutionLevel admin
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=2052 "FileDescription" "${PRODUCT} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "MIT"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_FINISHPAGE_RUN "$INSTDIR\disclosure-desk.exe"
!define MUI_FINISHPAGE_RUN_TEXT "打开${PRODUCT}"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "${PRODUCT}需要 64 位的 Windows 10 或 Windows 11。"
    Abort
  ${EndIf}
  SetRegView 64
FunctionEnd

Section "${PRODUCT}"
  SetShellVarContext all
  SetOutPath "$INSTDIR"
  File "/oname=disclosure-desk.exe" "${APP_EXE}"
  File "/oname=disclosure.exe" "${CLI_EXE}"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${PRODUCT}"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\${PRODUCT}.lnk" "$INSTDIR\disclosure-desk.exe"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\卸载${PRODUCT}.lnk" "$INSTDIR\uninstall.exe"

  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PRODUCT}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\disclosure-desk.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1

  ; WebView2, which the window needs.
  ReadRegStr $0 HKLM "${WEBVIEW2_KEY}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
!ifdef WEBVIEW2_INSTALLER
    DetailPrint "正在安装 WebView2 运行时……"
    SetOutPath "$PLUGINSDIR"
    File "/oname=webview2.exe" "${WEBVIEW2_INSTALLER}"
    ExecWait '"$PLUGINSDIR\webview2.exe" /silent /install' $1
    DetailPrint "WebView2 运行时安装程序退出码：$1"
    SetOutPath "$INSTDIR"
!else
    DetailPrint "本机没有 WebView2 运行时：${PRODUCT}的窗口需要它（命令行工具 disclosure.exe 不需要）。"
    MessageBox MB_ICONEXCLAMATION|MB_OK "本机没有安装 Microsoft Edge WebView2 运行时，${PRODUCT}的窗口需要它才能打开。$\r$\n$\r$\nWindows 11 已自带；Windows 10 请由信息技术人员安装 WebView2 运行时的离线安装包（MicrosoftEdgeWebView2RuntimeInstallerX64.exe）后再打开本程序。" /SD IDOK
!endif
  ${EndIf}
SectionEnd

Section "Uninstall"
  SetShellVarContext all
  SetRegView 64
  ; The program only: every person's data directory (%APPDATA%\disclosure-desk) stays.
  Delete "$INSTDIR\disclosure-desk.exe"
  Delete "$INSTDIR\disclosure.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT}\${PRODUCT}.lnk"
  Delete "$SMPROGRAMS\${PRODUCT}\卸载${PRODUCT}.lnk"
  RMDir "$SMPROGRAMS\${PRODUCT}"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
SectionEnd

// The antivirus products shoumi recognises without any policy entry, each from what public sources
// document (collected in ../shared/research/antivirus.md, sources named per product below). A part no
// source documents is left out on purpose: the check then says it cannot tell (error), never pass, and an
// office that has verified its own product version adds or replaces the definition in its policy
// (antivirus-approved-installed → product_definitions).
//
// Names: the first is what findings show; the rest are what the approved list may say (the vendor's Chinese
// and English names, Windows Security Center's displayName).

import { type AntivirusProductDefinition, antivirusProductDefinition } from './product-definition';

const DEFINITIONS = [
  {
    // Huorong ESM for Linux: the vendor's installer script (deb cn.huorong.esm_2.0.6.1, UOS app-store layout
    // /opt/apps/<appid>/files) and a vendor-style test suite reading files/share/log.db: table HrLogV3, rows
    // with fid=2 are virus-database updates whose JSON `detail` carries `newdbtime` (unix seconds). Process
    // and service names: not documented. Windows: Security Center registers it as "火绒安全软件" with
    // pathToSignedProductExe …\Huorong\Sysdiag\bin\wsctrlsvc.exe (public code).
    id: 'huorong-esm',
    names: ['火绒终端安全', 'Huorong ESM', '火绒', 'Huorong', '火绒安全软件', '火绒安全'],
    source:
      'vendor installer script and test suite for cn.huorong.esm 2.0.x (public code); research/antivirus.md §3, §4',
    linux: {
      install_paths: ['/opt/apps/cn.huorong.esm'],
      signatures: [
        {
          kind: 'sqlite',
          path: '/opt/apps/cn.huorong.esm/files/share/log.db',
          table: 'HrLogV3',
          column: 'detail',
          where: { fid: 2 },
          json_field: 'newdbtime',
          format: 'epoch-seconds',
        },
      ],
    },
    windows: {
      install_paths: ['%ProgramFiles%\\Huorong\\Sysdiag', '%ProgramFiles(x86)%\\Huorong\\Sysdiag'],
      processes: ['wsctrlsvc.exe'],
    },
  },
  {
    // Rising ESM for Linux: Rising's own Linux ESM sources (baseconfig.h constants; the installer writes
    // RAVBDFZ.service, "Rising Antivirus For Linux Service"); signatures in RJJHGJCZ/malware.rmd, which the
    // updater replaces (…/esvirlib/vlesm3/dat/malware.rmd). Where a version or date string is kept inside:
    // not found, so the file's modification time is the reading. Which process is on-access scanning: not
    // documented (RAVZDFY0 reads as 主动防御, active defence, but no source says so).
    id: 'rising-esm',
    names: ['瑞星ESM', 'Rising ESM', '瑞星', 'Rising', '瑞星杀毒软件'],
    source:
      "Rising's Linux ESM sources (UnixRav3 baseconfig.h, installer, public code); research/antivirus.md §3",
    linux: {
      install_paths: ['/opt/BDFZ/RAV'],
      services: ['RAVBDFZ.service'],
      processes: ['RAVGJCZ0', 'RAVGLTX0', 'RAVZDFY0', 'rav.bin'],
      signatures: [{ kind: 'file-mtime', paths: ['/opt/BDFZ/RAV/RJJHGJCZ/malware.rmd'] }],
    },
  },
  {
    // QAX 天擎 / 网神终端安全: Kylin deb `qaxsafe` installs /opt/qaxsafe, UOS /opt/apps/com.qianxin.qaxsafe;
    // daemon qaxsafed, init script serviceqaxsafe (messede-degod/linux-edr-iop Readme.md; public code).
    // Virus database location and date: not found.
    id: 'qax-tianqing',
    names: ['奇安信天擎', 'QAX Tianqing', '奇安信', 'QiAnXin', '奇安信网神终端安全', '网神终端安全'],
    source:
      'messede-degod/linux-edr-iop Readme.md; Kylin software store qaxsafe deb; research/antivirus.md §3',
    linux: {
      install_paths: ['/opt/qaxsafe', '/opt/apps/com.qianxin.qaxsafe'],
      services: ['serviceqaxsafe'],
      processes: ['qaxsafed'],
    },
  },
  {
    // 360 终端安全 (enterprise) for Linux: /opt/360safe with the client 360entclient, service
    // service360safe_linux (messede-degod/linux-edr-iop; public code); UOS app-store id com.360.epp.
    // Virus database location and date: not found.
    id: '360-epp',
    names: ['360终端安全', '360 Enterprise Security', 'Qihoo 360', '360'],
    source: 'messede-degod/linux-edr-iop Readme.md; UOS app-store id com.360.epp; research/antivirus.md §3',
    linux: {
      install_paths: ['/opt/360safe', '/opt/apps/com.360.epp'],
      services: ['service360safe_linux'],
      processes: ['360entclient'],
    },
  },
  {
    // 麒麟安全中心 (ksc-defender): /usr/sbin/ksc-defender; its antivirus module is built on libclamav
    // (openEuler KSC-Defender README: ksc-defender --antivirus --update/--scan/--status), so its databases
    // are ClamAV databases; the directory is assumed to be ClamAV's default (not documented).
    id: 'ksc-defender',
    names: ['麒麟安全中心', 'Kylin Security Center', 'ksc-defender'],
    source: 'openEuler KSC-Defender README (gitee); ukui-control-center; research/antivirus.md §3',
    linux: {
      install_paths: ['/usr/sbin/ksc-defender'],
      processes: ['ksc-defender'],
      signatures: [{ kind: 'clamav-databases', directories: ['/var/lib/clamav'] }],
    },
  },
  {
    // ClamAV: Debian's and upstream's layout (freshclam.conf DatabaseDirectory /var/lib/clamav; clamd, and
    // clamonacc — ClamAV ≥ 0.102 — as the on-access scanner). Not a domestic approved product: recognised so
    // that a lab policy can exercise the pipeline and so that an office sees it is not an approved one.
    id: 'clamav',
    names: ['ClamAV'],
    source: 'ClamAV documentation (freshclam.conf, clamonacc); Debian clamav packages',
    linux: {
      install_paths: ['/var/lib/clamav', '/usr/bin/clamscan', '/usr/sbin/clamd'],
      processes: ['clamd', 'freshclam', 'clamonacc'],
      realtime_processes: ['clamonacc'],
      signatures: [{ kind: 'clamav-databases', directories: ['/var/lib/clamav'] }],
    },
  },
  {
    // Microsoft Defender Antivirus: MpCmdRun.exe in %ProgramFiles%\Windows Defender (Microsoft Learn,
    // "Configure and manage Microsoft Defender Antivirus with the mpcmdrun.exe command-line tool"; the
    // mspcm-docs MDA.md steps use the same folder); service WinDefend, whose image is MsMpEng.exe ("Antimalware
    // Service Executable"). Security Center names it "Windows Defender" even where Windows says Microsoft
    // Defender. Its signature and scan times come from Get-MpComputerStatus, not from files, so no
    // signature source here. Not a domestic approved product; recognised so that Windows Server (no Security
    // Center) and editions without Defender (神州网信政府版 / EnterpriseG) are read right.
    id: 'microsoft-defender',
    names: ['Microsoft Defender', 'Windows Defender', 'Microsoft Defender Antivirus'],
    source:
      'Microsoft Learn (mpcmdrun.exe command-line tool; Get-MpComputerStatus); mspcmanager/mspcm-docs MDA.md; research/antivirus.md §4',
    windows: {
      install_paths: ['%ProgramFiles%\\Windows Defender'],
      services: ['WinDefend'],
      processes: ['MsMpEng.exe'],
    },
  },
] as const;

/** Parsed once, so a mistake here fails every test at load rather than a probe on a workstation. */
export const BUILTIN_PRODUCT_DEFINITIONS: readonly AntivirusProductDefinition[] = DEFINITIONS.map(
  (definition) => antivirusProductDefinition.parse(definition),
);

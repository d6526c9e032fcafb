// A small fleet's stored facts for one sweep, for the report tests: four targets (two answered, one offline,
// one whose sweep failed), a ledger device whose agent never reported (not a target: listed as not
// inspected), a device retired before the sweep (left out), problems with and without a corrective measure, a
// measure marked complete beside a problem that still fails now, a problem put right within the sweep, and
// hostile text (markup, control characters, a very long word, a spreadsheet formula).
//
// FIXTURE_POLICY is a hand-written copy of five baseline rules and one of the collector's own, so that records
// built from this fixture (the golden files in test/fixtures/reports/) change only when the renderers do, not
// when policies/baseline.yaml is edited.
import { CLASSIFICATIONS, type Policy } from '../../policies/model';
import type {
  CurrentKeyState,
  DeviceRecord,
  Disposition,
  InspectedKey,
  InspectionMaterial,
  LedgerPresence,
  StoredFinding,
} from '../store/store';

export const SWEEP_ID = 'sw-20261103-0900';
export const STARTED_MS = Date.UTC(2026, 10, 3, 1, 0, 0); // 09:00 in Asia/Shanghai
export const COMPLETED_MS = Date.UTC(2026, 10, 3, 1, 4, 30);
export const GENERATED_MS = Date.UTC(2026, 10, 3, 2, 0, 0);
export const HOSTILE_HOST = '<script>alert("x")</script>';
export const LONG_WORD = 'W'.repeat(600);
export const FORMULA_REASON = '=HYPERLINK("http://evil.example","click")';

function device(deviceId: string, overrides: Partial<DeviceRecord>): DeviceRecord {
  return {
    deviceId,
    hostname: `${deviceId}-host`,
    hardware: null,
    agentVersion: '0.1.0',
    policyVersion: '2026.11',
    firstSeenMs: STARTED_MS - 86_400_000,
    lastSeenMs: STARTED_MS,
    lastSeq: 10,
    counts: { pass: 0, fail: 0, error: 0, not_applicable: 0 },
    assetNumber: '',
    classification: null,
    responsiblePerson: '',
    department: '',
    location: '',
    status: 'in_service',
    allowedNetworks: [],
    ...overrides,
  };
}

function finding(
  deviceId: string,
  seq: number,
  ruleId: string,
  clause: string,
  subject: string,
  status: StoredFinding['status'],
  reason: string,
  observedAtMs: number,
): StoredFinding {
  return {
    deviceId,
    hostname: `${deviceId}-host`,
    receivedAtMs: observedAtMs + 50,
    seq,
    ruleId,
    clause,
    subject,
    status,
    severity: status === 'error' ? 'medium' : 'high',
    evidence: {},
    reason,
    observedAtMs,
    sweepId: SWEEP_ID,
    origin: 'agent',
  };
}

const at = (minutes: number) => STARTED_MS + minutes * 60_000;

export const devices: DeviceRecord[] = [
  device('dev-a', {
    hostname: 'ws-301',
    assetNumber: 'BM-2026-001',
    classification: 'confidential',
    responsiblePerson: '张三',
    department: '保密办',
    location: '三楼 301',
  }),
  device('dev-b', {
    hostname: HOSTILE_HOST,
    assetNumber: 'BM-2026-002',
    classification: 'secret',
    responsiblePerson: '李四',
    department: '研发\u0007部',
    location: LONG_WORD,
  }),
  device('dev-c', {
    hostname: 'ws-offline',
    assetNumber: 'BM-2026-003',
    classification: CLASSIFICATIONS[0],
    responsiblePerson: '王五',
    department: '机要室',
    location: '四楼 402',
  }),
  device('dev-d', { hostname: 'ws-broken', assetNumber: 'BM-2026-004', classification: 'non_classified' }),
  // In the ledger since before the sweep, its agent never installed: the sweep could not reach it.
  device('dev-e', {
    hostname: '',
    firstSeenMs: 0,
    lastSeenMs: 0,
    lastSeq: 0,
    assetNumber: 'BM-2026-005',
    classification: 'secret',
    responsiblePerson: '赵六',
    department: '机要室',
    location: '四楼 405',
  }),
  // Retired a month before the sweep: not in service, so not in its record.
  device('dev-f', { hostname: 'ws-old', assetNumber: 'BM-2019-001', status: 'retired' }),
];

export const ledger: LedgerPresence[] = [
  ...['dev-a', 'dev-b', 'dev-c', 'dev-d'].map((deviceId) => ({
    deviceId,
    enteredAtMs: STARTED_MS - 86_400_000,
    statusChanges: [],
  })),
  { deviceId: 'dev-e', enteredAtMs: STARTED_MS - 7 * 86_400_000, statusChanges: [] },
  {
    deviceId: 'dev-f',
    enteredAtMs: STARTED_MS - 400 * 86_400_000,
    statusChanges: [{ atMs: STARTED_MS - 30 * 86_400_000, from: 'in_service', to: 'retired' }],
  },
];

const usbFail = finding(
  'dev-a',
  3,
  'usb-storage-registered',
  '3.7.4',
  '0781:5567:4C530001',
  'fail',
  'USB storage not registered in the ledger',
  at(1),
);
const wifiFail = finding(
  'dev-a',
  4,
  'wifi-radio-absent',
  '3.7.8',
  'phy0',
  'fail',
  'Wi-Fi radio present (rfkill off is not removal)',
  at(1),
);
const btFail = finding(
  'dev-a',
  5,
  'bluetooth-controller-absent',
  '3.7.8',
  'hci0',
  'fail',
  'Bluetooth controller present',
  at(1),
);
const btPass = finding('dev-a', 9, 'bluetooth-controller-absent', '3.7.8', 'hci0', 'pass', '', at(3));
const avPass = finding('dev-a', 6, 'antivirus-signatures-current', '3.7.5', '', 'pass', '', at(1));
const printerPass = finding('dev-a', 7, 'printer-not-shared', '3.7.4', '', 'pass', '', at(1));
const avError = finding(
  'dev-b',
  2,
  'antivirus-signatures-current',
  '3.7.5',
  '',
  'error',
  `cannot read daily.cvd: ${LONG_WORD} <b>bold</b>`,
  at(2),
);
const formula = finding(
  'dev-b',
  3,
  'printer-not-shared',
  '3.7.4',
  FORMULA_REASON,
  'fail',
  FORMULA_REASON,
  at(2),
);

export const keys: InspectedKey[] = [
  { latest: usbFail, lastProblem: usbFail },
  { latest: wifiFail, lastProblem: wifiFail },
  { latest: btPass, lastProblem: btFail },
  { latest: avPass, lastProblem: null },
  { latest: printerPass, lastProblem: null },
  { latest: avError, lastProblem: avError },
  { latest: formula, lastProblem: formula },
];

export const dispositions: Disposition[] = [
  {
    deviceId: 'dev-a',
    ruleId: 'usb-storage-registered',
    subject: '0781:5567:4C530001',
    measure: '收回未登记U盘，登记后重新发放',
    completed: true,
    completedAtMs: at(30),
    recordedBy: 'admin@loopback',
    recordedAtMs: at(30),
    auditPosition: 17,
  },
  {
    deviceId: 'dev-a',
    ruleId: 'wifi-radio-absent',
    subject: 'phy0',
    measure: '拆除无线网卡并登记',
    completed: false,
    completedAtMs: 0,
    recordedBy: 'admin@loopback',
    recordedAtMs: at(20),
    auditPosition: 15,
  },
  {
    deviceId: 'dev-b',
    ruleId: 'antivirus-signatures-current',
    subject: '',
    measure: '<img src=x onerror=alert(1)> 更新病毒库',
    completed: false,
    completedAtMs: 0,
    recordedBy: 'admin@loopback',
    recordedAtMs: at(25),
    auditPosition: 16,
  },
];

/** The keys' current findings now: the USB stick still fails although its measure is marked complete. */
export const current: CurrentKeyState[] = [
  {
    deviceId: 'dev-a',
    ruleId: 'usb-storage-registered',
    subject: '0781:5567:4C530001',
    status: 'fail',
    observedAtMs: at(50),
  },
  { deviceId: 'dev-a', ruleId: 'wifi-radio-absent', subject: 'phy0', status: 'fail', observedAtMs: at(1) },
  {
    deviceId: 'dev-a',
    ruleId: 'bluetooth-controller-absent',
    subject: 'hci0',
    status: 'pass',
    observedAtMs: at(3),
  },
  {
    deviceId: 'dev-b',
    ruleId: 'antivirus-signatures-current',
    subject: '',
    status: 'error',
    observedAtMs: at(2),
  },
  // The printer key of dev-b has no current finding: the subject is gone.
];

export const material: InspectionMaterial = {
  sweep: {
    sweepId: SWEEP_ID,
    createdAtMs: STARTED_MS,
    completedAtMs: COMPLETED_MS,
    requestedBy: 'admin@loopback',
    ruleIds: [],
  },
  devices,
  targets: [
    { deviceId: 'dev-a', state: 'answered', answeredAtMs: at(2), error: '' },
    { deviceId: 'dev-b', state: 'answered', answeredAtMs: at(3), error: '' },
    { deviceId: 'dev-c', state: 'pending', answeredAtMs: 0, error: '' },
    { deviceId: 'dev-d', state: 'failed', answeredAtMs: at(4), error: 'probe usb crashed' },
  ],
  ledger,
  keys,
  dispositions,
  current,
};

export const FIXTURE_POLICY: Pick<Policy, 'name' | 'version' | 'rules'> = {
  name: 'baseline',
  version: '2026.11',
  rules: [
    {
      id: 'usb-storage-registered',
      clause: '3.7.4',
      title: { zh: 'USB 存储介质已登记', en: 'USB storage is registered' },
      severity: 'high',
      rationale: { zh: '', en: '' },
      remediation: {
        zh: '拔除该介质；如确需使用，由安全保密管理员登记密级、编号和责任人（shoumictl media register）。',
        en: 'Unplug the medium; if it is needed, have the security administrator register it with level, number and owner (shoumictl media register).',
      },
      params: {},
    },
    {
      id: 'printer-not-shared',
      clause: '3.7.4',
      title: { zh: '打印机未共享', en: 'Printers not shared' },
      severity: 'high',
      rationale: { zh: '', en: '' },
      remediation: {
        zh: '关闭打印机共享（CUPS 共享、Windows 打印共享）。',
        en: 'Turn off printer sharing (CUPS sharing, Windows printer sharing).',
      },
      params: {},
    },
    {
      id: 'antivirus-signatures-current',
      clause: '3.7.5',
      title: { zh: '病毒库及时更新', en: 'Virus signatures current' },
      severity: 'medium',
      rationale: { zh: '', en: '' },
      remediation: {
        zh: '通过离线升级包或内网升级服务器更新病毒库。',
        en: 'Update the signatures from an offline package or the internal update server.',
      },
      params: {},
    },
    {
      id: 'agent-reports-regularly',
      clause: '3.7.5',
      title: { zh: '保密检查代理持续在线报告', en: 'The compliance agent keeps reporting' },
      severity: 'high',
      rationale: { zh: '', en: '' },
      remediation: {
        zh: '核实该计算机状态，恢复代理运行；如计算机已停用，在台帐中将其状态改为停用。',
        en: 'Find out what happened to the computer and restore the agent; if the computer is out of service, mark it retired in the ledger.',
      },
      params: {},
    },
    {
      id: 'bluetooth-controller-absent',
      clause: '3.7.8',
      title: { zh: '无蓝牙控制器', en: 'No Bluetooth controller' },
      severity: 'high',
      rationale: { zh: '', en: '' },
      remediation: {
        zh: '拆除蓝牙模块或 USB 蓝牙适配器（常与 Wi‑Fi 同卡，需一并拆除）。',
        en: 'Remove the Bluetooth module or USB adapter (often on the same card as Wi‑Fi; remove both).',
      },
      params: {},
    },
    {
      id: 'wifi-radio-absent',
      clause: '3.7.8',
      title: { zh: '无 Wi‑Fi 无线网卡', en: 'No Wi‑Fi radio' },
      severity: 'critical',
      rationale: { zh: '', en: '' },
      remediation: {
        zh: '物理拆除无线网卡（含 M.2/mini‑PCIe 模块和 USB 无线网卡），并在台帐中记录。',
        en: 'Physically remove the Wi‑Fi module (M.2/mini‑PCIe card or USB adapter) and record it in the ledger.',
      },
      params: {},
    },
  ],
};

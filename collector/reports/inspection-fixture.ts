// A small fleet's stored facts for one sweep, for the report tests: four devices (two answered, one offline,
// one whose sweep failed), problems with and without a corrective measure, a problem put right within the
// sweep, and hostile text (markup, control characters, a very long word, a spreadsheet formula).
import { CLASSIFICATIONS } from '../../policies/model';
import type {
  DeviceRecord,
  Disposition,
  InspectedKey,
  InspectionMaterial,
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
  keys,
  dispositions,
};

// What shoumictl itself says to people, in both languages: help summaries, table headers, summary lines,
// notes and its own errors. Text from the collector (a device name, a refusal's details) is shown as it
// came; everything around it is here. `{name}` stands for a parameter (policies/messages/reason.ts).
// A test (ctl-messages.test.ts) fails when an entry lacks either language or the two name different
// parameters.
import type { Lang } from '../../policies/messages/language';
import { fillTemplate } from '../../policies/messages/reason';
import { ctlLang } from './ctl-language';

interface Bilingual {
  zh: string;
  en: string;
}

export const CTL_MESSAGES = {
  // ---- help: the program and its global options
  'help.program': {
    zh: '守密 shoumi 管理命令行：设备状态、台帐、介质、巡检、检查结果与检查记录',
    en: '守密 shoumi admin CLI: fleet status, ledger, media, sweeps, findings and inspection records',
  },
  'help.opt.collector': {
    zh: '采集器管理地址 主机:端口（环境变量 SHOUMI_COLLECTOR，否则取当前上下文，否则 127.0.0.1:7701）',
    en: 'collector admin address HOST:PORT (env SHOUMI_COLLECTOR, else the context, else 127.0.0.1:7701)',
  },
  'help.opt.identity': {
    zh: '管理员身份目录：shoumi-collector admin add 写出的 ca.crt、admin.crt、admin.key（环境变量 SHOUMI_IDENTITY，否则取当前上下文，否则 ~/.shoumi/identity）',
    en: 'administrator identity: ca.crt, admin.crt, admin.key from shoumi-collector admin add (env SHOUMI_IDENTITY, else the context, else ~/.shoumi/identity)',
  },
  'help.opt.context': {
    zh: '使用配置文件中的该上下文，而非其 current-context',
    en: 'the config file context to use instead of its current-context',
  },
  'help.opt.version': { zh: '显示版本', en: 'print the version' },
  'help.opt.json': { zh: '输出 JSON（同 -o json）', en: 'print JSON (the same as -o json)' },
  'help.opt.output': {
    zh: '输出格式：table（默认，适应终端宽度）、wide（全部列）、json、yaml、csv',
    en: 'output format: table (default, fits the terminal), wide (every column), json, yaml, csv',
  },
  'help.opt.lang': {
    zh: '语言：zh 或 en（环境变量 SHOUMI_LANG，否则取上下文或系统区域设置；默认中文）',
    en: 'language: zh or en (env SHOUMI_LANG, else the context or the locale; default Chinese)',
  },
  'help.opt.failEmpty': {
    zh: '查询无结果时以退出码 3 结束（默认 0，并在 stderr 提示）',
    en: 'exit 3 when a query matches nothing (default: exit 0 with a note on stderr)',
  },
  // ---- help: ledger, media, context and completion command summaries
  'help.completion': {
    zh: '输出 bash 或 zsh 的命令补全脚本（source <(shoumictl completion bash)）',
    en: 'print a completion script for bash or zsh (source <(shoumictl completion bash))',
  },
  'help.context': {
    zh: '配置文件中的命名上下文（采集器、身份、语言）及当前上下文',
    en: 'named contexts (collector, identity, language) in the config file, and the current one',
  },
  'help.context.list': {
    zh: '列出全部上下文，当前上下文以 * 标出',
    en: 'every context, the current one marked *',
  },
  'help.context.use': {
    zh: '将 NAME 设为当前上下文',
    en: 'make NAME the current context',
  },
  'help.context.set': {
    zh: '按 --collector、--identity（存为绝对路径）和 --lang 新建或修改上下文 NAME；第一个上下文自动成为当前上下文',
    en: 'create or change context NAME from --collector, --identity (stored as an absolute path) and --lang; the first context made becomes the current one',
  },
  'help.context.delete': {
    zh: '删除上下文 NAME（若它是当前上下文，之后不再有当前上下文）',
    en: 'remove context NAME (if it was current, no context is current afterwards)',
  },
  'help.device': {
    zh: '一台设备的全部信息：台帐、硬件、历史（device ID | device show ID | device set ID ...）',
    en: 'one device in full: ledger, hardware, history (device ID | device show ID | device set ID ...)',
  },
  'help.device.show': {
    zh: '设备的全部信息，及其台帐与硬件变更历史',
    en: 'the device in full, with its history of ledger and hardware changes',
  },
  'help.device.set': {
    zh: '修改设备的台帐字段；只改所给的选项',
    en: 'change ledger fields of a device; only the options given change',
  },
  'help.ledger': {
    zh: '设备台帐：Excel 与 WPS 可正确打开的 CSV 或 .xlsx',
    en: 'the device ledger (台帐) as CSV or .xlsx that Excel and WPS open correctly',
  },
  'help.ledger.export': {
    zh: '导出全部台帐为 CSV（UTF-8 带 BOM，CRLF）或 .xlsx；中文表头（--lang en 为英文）',
    en: 'the whole ledger as CSV (UTF-8 with BOM, CRLF) or .xlsx; Chinese headers (--lang en for English)',
  },
  'help.ledger.check': {
    zh: '列出不符合 3.7.2 的台帐条目：在用却缺资产编号、密级或责任人，或两台设备共用一个资产编号（有则退出码 1）',
    en: 'name the ledger entries 3.7.2 finds wanting: in service without asset number, classification or responsible person, or an asset number two devices share (exit 1 when any)',
  },
  'help.ledger.import': {
    zh: '导入台帐 CSV 或 .xlsx：先逐行检查；有一行不合格则一行也不写入（退出码 1）',
    en: 'import a ledger CSV or .xlsx: every row is checked first; one bad row and nothing is written (exit 1)',
  },
  'help.media': {
    zh: '已登记的移动存储介质（3.7.3、3.7.4）',
    en: 'registered removable media (3.7.3, 3.7.4)',
  },
  'help.media.register': {
    zh: '登记 USB 存储介质，或更新已登记的介质（厂商、产品号、序列号相同）',
    en: 'register a USB medium, or update a registered one (same vendor, product and serial)',
  },
  'help.media.list': {
    zh: '已登记的介质',
    en: 'registered media',
  },
  'help.media.retire': {
    zh: '将介质标为报废：插入它的任何计算机都判为不符合',
    en: 'mark a medium retired (报废): any computer it is plugged into fails',
  },
  'help.media.lost': {
    zh: '将介质标为丢失：插入它的任何计算机都判为不符合',
    en: 'mark a medium lost (丢失): any computer it is plugged into fails',
  },
  'help.media.restore': {
    zh: '将丢失（已找回）或报废（误标）的介质恢复为在用；用 --note 说明原因',
    en: 'put a lost (丢失, found again) or retired (报废, by mistake) medium back in use (在用); --note says why',
  },
  'help.media.keySuffix': { zh: '；<medium> 为 厂商:产品:序列号', en: '; <medium> is VENDOR:PRODUCT:SERIAL' },
  // ---- help: command summaries
  'help.status': {
    zh: '设备总况：设备数、合规、按条款的不合规、未完成检查、最后上线',
    en: 'fleet status: devices, compliant, failing by clause, not yet judged, last seen',
  },
  'help.devices': {
    zh: '台帐中的全部设备，或符合筛选条件的设备',
    en: 'every device in the ledger, or those matching the filters',
  },
  'help.findings': {
    zh: '当前检查结果，每台设备、规则、对象一条（--history：全部历史）',
    en: 'current findings, one per device, rule and subject (or every stored one with --history)',
  },
  'help.rule': {
    zh: '说明一条规则或一个条款的全部规则：条款原文、理由、整改方法、现行参数',
    en: "explain a rule, or every rule of a clause: the clause's text, rationale, remediation, parameters in force",
  },
  'help.audit': {
    zh: '审计：哈希链审计记录的列出、校验、摘要、封印',
    en: '审计 the hash-chained audit trail: list, verify, digest',
  },
  'help.audit.list': { zh: '按序号列出审计记录', en: 'records in position order' },
  'help.audit.verify': {
    zh: '从第 1 条重算哈希链并核对每个封印（包括本人的副本）；有问题时退出码 1 并指出第一处',
    en: 'recompute the chain from position 1 and check every seal, your own copies too; exit 1 naming the first problem',
  },
  'help.audit.seal': {
    zh: '用审计员密钥签署链头，封印存于采集器并在身份目录旁保留副本',
    en: 'sign the chain head with your auditor key, store the seal on the collector and keep a copy beside your identity',
  },
  'help.audit.digest': {
    zh: '链头（序号、哈希、算法、时间），供打印留存',
    en: 'the chain head (position, hash, algorithm, time) as a block to print and keep',
  },
  'help.sweep': {
    zh: '全网巡检：执行、查看、列出、定时',
    en: 'fleet-wide sweeps: run, show, list, schedule',
  },
  'help.sweep.run': {
    zh: '立即向所有在线代理下发巡检（离线代理重连后执行）',
    en: 'push a sweep to every connected agent now (offline agents run it when they reconnect)',
  },
  'help.sweep.show': { zh: '一次巡检的覆盖情况和每个目标', en: "one sweep's coverage and every target" },
  'help.sweep.list': { zh: '最近的巡检，新的在前', en: 'recent sweeps, newest first' },
  'help.sweep.schedule': {
    zh: '按 cron 表达式定时巡检，如 "0 9 * * 1"（每周一 09:00）；6 个字段时第一个是秒',
    en: 'sweep the fleet on a cron schedule, e.g. "0 9 * * 1" (Mondays 09:00); 6 fields: seconds first',
  },
  'help.sweep.schedules': {
    zh: '全部定时巡检及下次执行时间',
    en: 'every sweep schedule and when it fires next',
  },
  'help.sweep.unschedule': {
    zh: '删除一个定时巡检（已执行的巡检保留）',
    en: 'delete a sweep schedule (sweeps it already fired stay)',
  },
  'help.token': { zh: '代理的一次性注册令牌', en: 'one-time enrolment tokens for agents (注册令牌)' },
  'help.token.create': {
    zh: '生成注册令牌：只在 stdout 显示一次，每行一个；采集器只保存哈希',
    en: 'make enrolment tokens: printed once on stdout, one per line; the collector keeps only hashes',
  },
  'help.device.revoke': {
    zh: '吊销设备证书并立即切断其连接',
    en: 'refuse the device’s certificates from now on and cut its live stream (吊销)',
  },
  'help.admin': {
    zh: '管理员：添加管理员在采集器上进行（shoumi-collector admin add）',
    en: 'administrators (管理员): adding one happens on the collector, shoumi-collector admin add',
  },
  'help.admin.revoke': {
    zh: '吊销管理员证书（下一次调用起拒绝）',
    en: 'refuse the administrator’s certificates from the next call on (吊销管理员证书)',
  },
  'help.certificates': {
    zh: '采集器签发的证书（设备和管理员），旧的在前',
    en: 'certificates the collector issued (devices and administrators), oldest first',
  },
  'help.uninstallCode': {
    zh: '签发卸载码：允许 shoumi-agent uninstall 在该设备上卸载代理（离线校验）',
    en: 'a signed code that lets shoumi-agent uninstall remove the agent from that device (checked offline)',
  },
  'help.whoami': {
    zh: '采集器读到的本证书姓名和角色，以及允许的操作',
    en: 'the name and role in your certificate as the collector reads them, and the methods allowed',
  },
  'help.identity': {
    zh: '本管理员身份（--identity 目录）的导出',
    en: 'this administrator identity (the --identity directory)',
  },
  'help.identity.export': {
    zh: '把身份写成一个 PKCS#12 文件，供浏览器（网页控制台）或 UKey 工具导入；口令从终端输入或 --password-file 读取',
    en: 'write the identity as one PKCS#12 file for a browser (the web console) or a UKey tool; the password is typed or read from --password-file',
  },
  'help.opt.p12': {
    zh: '要写出的 PKCS#12 文件（.p12；已存在则拒绝覆盖）',
    en: 'the PKCS#12 file to write (.p12; an existing file is never overwritten)',
  },
  'help.opt.passwordFile': {
    zh: '口令取该文件第一行（不在命令行上给口令）',
    en: "the password is this file's first line (never on the command line)",
  },
  'identity.exported': {
    zh: '已写出 {file}（{name}）：在浏览器的证书管理中导入，或用 UKey 工具写入。\n',
    en: 'wrote {file} ({name}): import it in the browser’s certificate manager, or write it to a UKey.\n',
  },
  'help.finding': {
    zh: '处理一条检查结果（设备、规则、对象）',
    en: 'act on one finding (device, rule, subject)',
  },
  'help.finding.mark': {
    zh: '记录一条当前检查结果的整改措施及是否完成',
    en: 'record the corrective measure (整改措施) for a current finding, and whether it is complete',
  },
  'help.report': {
    zh: '3.12.2 保密检查记录：一次巡检或一个时间段',
    en: 'the inspection record of 3.12.2 (检查记录) for one sweep or a time window',
  },

  // ---- table headers
  'col.device': { zh: '设备', en: 'DEVICE' },
  'col.hostname': { zh: '主机名', en: 'HOSTNAME' },
  'col.asset': { zh: '资产编号', en: 'ASSET' },
  'col.level': { zh: '密级', en: 'LEVEL' },
  'col.department': { zh: '部门', en: 'DEPARTMENT' },
  'col.person': { zh: '责任人', en: 'PERSON' },
  'col.state': { zh: '状态', en: 'STATE' },
  'col.fail': { zh: '不合规', en: 'FAIL' },
  'col.err': { zh: '错误', en: 'ERR' },
  'col.pass': { zh: '通过', en: 'PASS' },
  'col.online': { zh: '在线', en: 'ONLINE' },
  'col.lastSeen': { zh: '最后上线', en: 'LAST SEEN' },
  'col.clause': { zh: '条款', en: 'CLAUSE' },
  'col.clauseTitle': { zh: '条款内容', en: 'WHAT IT DEMANDS' },
  'col.failingDevices': { zh: '不合规设备', en: 'FAILING DEVICES' },
  'col.failingFindings': { zh: '不合规项', en: 'FAILING FINDINGS' },
  'col.status': { zh: '结果', en: 'STATUS' },
  'col.rule': { zh: '规则', en: 'RULE' },
  'col.title': { zh: '规则名称', en: 'TITLE' },
  'col.subject': { zh: '对象', en: 'SUBJECT' },
  'col.reason': { zh: '原因', en: 'REASON' },
  'col.measure': { zh: '整改措施', en: 'MEASURE' },
  'col.observed': { zh: '检查时间', en: 'OBSERVED' },
  'col.position': { zh: '序号', en: 'POS' },
  'col.time': { zh: '时间', en: 'TIME' },
  'col.actor': { zh: '操作者', en: 'ACTOR' },
  'col.action': { zh: '动作', en: 'ACTION' },
  'col.target': { zh: '对象', en: 'TARGET' },
  'col.outcome': { zh: '结果', en: 'OUTCOME' },
  'col.detail': { zh: '详情', en: 'DETAIL' },
  'col.sweep': { zh: '巡检', en: 'SWEEP' },
  'col.created': { zh: '创建时间', en: 'CREATED' },
  'col.by': { zh: '发起人', en: 'BY' },
  'col.rules': { zh: '规则', en: 'RULES' },
  'col.targets': { zh: '目标', en: 'TARGETS' },
  'col.answered': { zh: '已回答', en: 'ANSWERED' },
  'col.failed': { zh: '失败', en: 'FAILED' },
  'col.offline': { zh: '离线', en: 'OFFLINE' },
  'col.waiting': { zh: '等待', en: 'WAITING' },
  'col.completed': { zh: '完成时间', en: 'COMPLETED' },
  'col.sent': { zh: '发送时间', en: 'SENT' },
  'col.error': { zh: '错误信息', en: 'ERROR' },
  'col.schedule': { zh: '计划', en: 'SCHEDULE' },
  'col.cron': { zh: 'CRON', en: 'CRON' },
  'col.timezone': { zh: '时区', en: 'TZ' },
  'col.next': { zh: '下次执行', en: 'NEXT' },
  'col.lastFired': { zh: '上次执行', en: 'LAST FIRED' },
  'col.lastSweep': { zh: '上次巡检', en: 'LAST SWEEP' },
  'col.severity': { zh: '级别', en: 'SEVERITY' },

  // ---- values
  'value.never': { zh: '从未', en: 'never' },
  'value.yes': { zh: '是', en: 'yes' },
  'value.no': { zh: '否', en: 'no' },
  'value.all': { zh: '全部', en: 'all' },
  'value.collectorZone': { zh: '采集器时区', en: 'collector' },
  'state.compliant': { zh: '合规', en: 'compliant' },
  'state.failing': { zh: '不合规', en: 'failing' },
  'state.neverSeen': { zh: '从未上线', en: 'never seen' },
  'state.notJudged': { zh: '未完成检查', en: 'not yet judged' },
  'state.notJudgedRule': { zh: '未完成检查（{count} 条规则）', en: 'not yet judged ({count} rule)' },
  'state.notJudgedRules': { zh: '未完成检查（{count} 条规则）', en: 'not yet judged ({count} rules)' },
  'status.PASS': { zh: '合规', en: 'PASS' },
  'status.FAIL': { zh: '不合规', en: 'FAIL' },
  'status.ERROR': { zh: '错误', en: 'ERROR' },
  'status.NOT_APPLICABLE': { zh: '不适用', en: 'NOT_APPLICABLE' },
  'status.FINDING_STATUS_UNSPECIFIED': { zh: '未知', en: 'UNKNOWN' },
  'status.gone': { zh: '已移除', en: 'GONE' },
  'measure.done': { zh: '{measure}（已完成 {at}）', en: '{measure} (done {at})' },
  'measure.open': { zh: '{measure}（未完成）', en: '{measure} (not done yet)' },
  'role.system_admin': { zh: '系统管理员 (system_admin)', en: 'the system administrator (system_admin)' },
  'role.security_admin': {
    zh: '安全保密管理员 (security_admin)',
    en: 'the security administrator (security_admin)',
  },
  'role.auditor': { zh: '安全审计员 (auditor)', en: 'the auditor (auditor)' },
  'word.or': { zh: '或', en: ' or ' },

  // ---- summary lines and notes
  'status.summary': {
    zh: '设备 {devices}   合规 {compliant}   不合规 {failing}   未完成检查 {notYetJudged}   从未上线 {neverSeen}',
    en: 'devices {devices}   compliant {compliant}   failing {failing}   not yet judged {notYetJudged}   never seen {neverSeen}',
  },
  'status.more': {
    zh: '只列出前 {shown} 台设备；全部设备：shoumictl devices',
    en: 'the first {shown} devices are listed; all of them: shoumictl devices',
  },
  'findings.more': {
    zh: '已显示 {count} 条{order}；还有更多。下一页：{command}',
    en: '{count} shown{order}; more exist. Next page: {command}',
  },
  'findings.newestFirst': { zh: '（新的在前）', en: ', newest first' },
  'audit.more': { zh: '更多：{command}', en: 'more: {command}' },
  'empty.note': {
    zh: 'shoumictl：没有符合条件的{things}（{command}）；--fail-empty 时退出码为 3',
    en: 'shoumictl: no {things} matched ({command}); with --fail-empty this exits 3',
  },
  'things.devices': { zh: '设备', en: 'devices' },
  'things.findings': { zh: '检查结果', en: 'findings' },
  'things.records': { zh: '审计记录', en: 'audit records' },
  'things.sweeps': { zh: '巡检', en: 'sweeps' },
  'things.schedules': { zh: '定时巡检', en: 'sweep schedules' },
  'things.rules': { zh: '规则', en: 'rules' },
  'sweep.unscheduled': { zh: '已删除定时巡检 {id}（{cron}）', en: 'unscheduled {id} ({cron})' },
  'rule.clause': { zh: '条款 {clause}', en: 'clause {clause}' },
  'rule.clauseText': { zh: '条款原文', en: 'the clause' },
  'rule.rationale': { zh: '理由', en: 'rationale' },
  'rule.remediation': { zh: '整改方法', en: 'remediation' },
  'rule.params': { zh: '现行参数', en: 'parameters in force' },
  'rule.noParams': { zh: '（无）', en: '(none)' },
  'rule.policy': { zh: '策略 {name} {version}', en: 'policy {name} {version}' },
  'rule.unknown': {
    zh: '没有规则或条款“{what}”；现行策略的条款：{clauses}',
    en: 'no rule or clause "{what}"; the clauses of the policy in force: {clauses}',
  },

  // ---- errors
  'err.lang': {
    zh: '--lang {value}：应为 zh 或 en',
    en: '--lang {value}: expected zh or en (中文 or English)',
  },
  'err.output': {
    zh: '-o {value}：应为 table、wide、json、yaml 或 csv',
    en: '-o {value}: expected table, wide, json, yaml or csv',
  },
  'err.noPort': {
    zh: '--collector {address}：缺少端口；应写成 主机:端口，例如 {example}',
    en: '--collector {address}: no port; expected HOST:PORT, e.g. {example}',
  },
  'err.unreachable': {
    zh: '无法连接 {address} 的采集器：{details}',
    en: 'cannot reach the collector at {address}: {details}',
  },
  'err.notTls': {
    zh: '{address} 不说 TLS（明文 HTTP 或其他服务？）：采集器管理端口是 serve --admin-listen 的地址（{details}）',
    en: '{address} does not speak TLS (plain HTTP or another service?): the collector admin port is the address of serve --admin-listen ({details})',
  },
  'err.notAdminPort': {
    zh: '{address} 回答 UNIMPLEMENTED：这不是采集器的管理端口（是代理端口 --listen 吗？）；请用 serve --admin-listen 的地址',
    en: "{address} answered UNIMPLEMENTED: this is not the collector's admin port (the agents' port, --listen?); use the address of serve --admin-listen",
  },
  'err.answered': {
    zh: '{address} 的采集器回答 {code}：{details}',
    en: 'collector at {address} answered {code}: {details}',
  },
  'err.permission': {
    zh: '无权运行 shoumictl {command}：该命令由{roles}运行{yours}',
    en: 'not allowed to run shoumictl {command}: it is for {roles}{yours}',
  },
  'err.permissionYours': { zh: '，本身份是{role}', en: '; this identity is {role}' },
  'err.unauthenticated': {
    zh: '{address} 的采集器拒绝了本身份的证书：{details}',
    en: "the collector at {address} refused this identity's certificate: {details}",
  },
  'err.agentCertificate': {
    zh: '这是代理证书，不能调用管理接口；请用 shoumi-collector admin add 生成的管理员身份（--identity）',
    en: 'this is an agent certificate, which cannot call the admin API; use an administrator identity from shoumi-collector admin add (--identity)',
  },
} as const satisfies Record<string, Bilingual>;

export type CtlMessageKey = keyof typeof CTL_MESSAGES;

/** The message in the reader's language (or `lang`), its `{name}` parameters filled. */
export function t(
  key: CtlMessageKey,
  params: Record<string, string | number> = {},
  lang: Lang = ctlLang(),
): string {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) text[name] = String(value);
  return fillTemplate(CTL_MESSAGES[key][lang], text);
}

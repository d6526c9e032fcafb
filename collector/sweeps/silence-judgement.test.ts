import { describe, expect, it } from 'vitest';
import { renderReason } from '../../policies/messages/reason-catalogue';
import type { Policy, Rule } from '../../policies/model';
import {
  checkIntervalMs,
  DEFAULT_MAX_SILENCE_SECONDS,
  reportingFinding,
  silenceCutoffMs,
  silenceRule,
  silentFinding,
} from './silence-judgement';

const rule = (params: Record<string, unknown>): Rule => ({
  id: 'agent-reports-regularly',
  clause: '3.7.5',
  title: { zh: '保密检查代理持续在线报告', en: 'The compliance agent keeps reporting' },
  severity: 'high',
  rationale: { zh: '', en: '' },
  remediation: { zh: '', en: '' },
  params,
});
const policy = (rules: Rule[]): Policy => ({ name: 'test', version: '1', rules });

describe('silence judgement', () => {
  it('reads max_silence_seconds from the policy in force, with the default, or judges nothing without the rule', () => {
    expect(silenceRule(policy([rule({ max_silence_seconds: 2 })]))?.maxSilenceSeconds).toBe(2);
    expect(silenceRule(policy([rule({})]))?.maxSilenceSeconds).toBe(DEFAULT_MAX_SILENCE_SECONDS);
    expect(silenceRule(policy([]))).toBeNull();
  });

  it('looks a quarter of the allowed silence apart, between 250 ms and a minute', () => {
    expect(checkIntervalMs(1800)).toBe(60_000);
    expect(checkIntervalMs(120)).toBe(30_000);
    expect(checkIntervalMs(2)).toBe(500);
    expect(checkIntervalMs(0.1)).toBe(250);
  });

  it('holds no silence against an agent that the collector was not up to hear', () => {
    // Up since t=1000 s, 1800 s allowed: no judgement before t=2800 s.
    expect(silenceCutoffMs(2_000_000, 1800, 1_000_000)).toBeNull();
    expect(silenceCutoffMs(2_800_000, 1800, 1_000_000)).toBe(1_000_000);
    expect(silenceCutoffMs(5_000_000, 1800, 1_000_000)).toBe(3_200_000);
  });

  it('fails a silent device with the evidence, passes it when heard, and closes it when retired', () => {
    const judged = rule({ max_silence_seconds: 2 });
    expect(silentFinding(judged, { deviceId: 'dev-a', lastSeenMs: 1000, retired: false }, 2, 6500)).toEqual({
      deviceId: 'dev-a',
      ruleId: 'agent-reports-regularly',
      clause: '3.7.5',
      subject: '',
      status: 'fail',
      severity: 'high',
      evidence: { lastSeenMs: 1000, silentForSeconds: 5, maxSilenceSeconds: 2 },
      reason: 'the agent has not reported for 5 s (the policy allows 2 s)',
      reasonCode: 'collector.silence.silent',
      reasonParams: { silentForSeconds: '5', maxSilenceSeconds: '2' },
      observedAtMs: 6500,
      sweepId: '',
    });
    expect(
      reportingFinding(judged, { deviceId: 'dev-a', lastSeenMs: 7000, retired: false }, 2, 7000),
    ).toMatchObject({
      status: 'pass',
      evidence: { lastSeenMs: 7000, silentForSeconds: 0, maxSilenceSeconds: 2 },
      reasonCode: 'collector.silence.reporting',
    });
    expect(
      reportingFinding(judged, { deviceId: 'dev-a', lastSeenMs: 1000, retired: true }, 2, 7000),
    ).toMatchObject({
      status: 'not_applicable',
      evidence: { retired: true },
      reasonCode: 'collector.silence.retired',
    });
  });

  it('says the silence in Chinese through its code, and in English exactly as its reason', () => {
    const finding = silentFinding(rule({}), { deviceId: 'dev-a', lastSeenMs: 1000, retired: false }, 2, 6500);
    const reason = { code: finding.reasonCode!, params: finding.reasonParams! };
    expect(renderReason(reason, 'zh', '')).toBe('终端代理已 5 秒未上报（策略允许 2 秒）');
    expect(renderReason(reason, 'en', '')).toBe(finding.reason);
  });
});

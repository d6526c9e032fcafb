// How a verification verdict reads to a person, the same from shoumictl and from the offline command.
export interface VerdictLike {
  ok: boolean;
  recordsChecked: number;
  headPosition: number;
  headHash: string;
  headAlgorithm: string;
  digestChecked: boolean;
  problem?: { position: number; kind: string; message: string } | null;
  sealsChecked: number;
  newestAuditorSeal?: { position: number; sealedAtMs: number; signerName: string } | null;
  newestCollectorSeal?: { position: number; sealedAtMs: number; signerName: string } | null;
  unsealedRecords: number;
  epochStart: number;
  earlierEpochProblems: readonly { position: number; kind: string; message: string }[];
}

const sealLine = (label: string, seal: VerdictLike['newestAuditorSeal']) =>
  seal
    ? `${label}: position ${seal.position} by "${seal.signerName}", made ${new Date(seal.sealedAtMs).toISOString()}`
    : `${label}: none`;

export function verdictText(verdict: VerdictLike): string {
  const lines: string[] = [];
  if (verdict.ok) {
    lines.push(
      `审计链完好 / audit chain intact: ${verdict.recordsChecked} records checked, ${verdict.sealsChecked} seals hold${verdict.digestChecked ? ', digest matches' : ''}`,
    );
  } else {
    lines.push(`审计链已损坏 / audit chain BROKEN at record ${verdict.problem?.position}`);
    lines.push(`  ${verdict.problem?.kind}: ${verdict.problem?.message}`);
    lines.push(`  ${verdict.recordsChecked} records before it verified`);
  }
  if (verdict.headPosition > 0)
    lines.push(`head: position ${verdict.headPosition} ${verdict.headAlgorithm} ${verdict.headHash}`);
  else lines.push('head: (empty trail)');
  lines.push(sealLine('newest auditor seal / 最新审计员封印', verdict.newestAuditorSeal));
  lines.push(sealLine('newest collector seal / 最新采集器封印', verdict.newestCollectorSeal));
  lines.push(`unsealed / 未封印: ${verdict.unsealedRecords} records after the newest seal`);
  if (verdict.epochStart > 0) {
    lines.push(
      `警告 / WARNING: the chain was restarted as a new epoch at position ${verdict.epochStart} (serve --new-audit-epoch); what was found before it:`,
    );
    for (const problem of verdict.earlierEpochProblems)
      lines.push(`  ${problem.kind} at ${problem.position}: ${problem.message}`);
  }
  return `${lines.join('\n')}\n`;
}

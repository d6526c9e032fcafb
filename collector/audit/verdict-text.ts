// How a verification verdict reads to a person, the same from shoumictl and from the offline command.
export interface VerdictLike {
  ok: boolean;
  recordsChecked: number;
  headPosition: number;
  headHash: string;
  headAlgorithm: string;
  digestChecked: boolean;
  problem?: { position: number; kind: string; message: string } | null;
}

export function verdictText(verdict: VerdictLike): string {
  const lines: string[] = [];
  if (verdict.ok) {
    lines.push(
      `审计链完好 / audit chain intact: ${verdict.recordsChecked} records checked${verdict.digestChecked ? ', digest matches' : ''}`,
    );
  } else {
    lines.push(`审计链已损坏 / audit chain BROKEN at record ${verdict.problem?.position}`);
    lines.push(`  ${verdict.problem?.kind}: ${verdict.problem?.message}`);
    lines.push(`  ${verdict.recordsChecked} records before it verified`);
  }
  if (verdict.headPosition > 0)
    lines.push(`head: position ${verdict.headPosition} ${verdict.headAlgorithm} ${verdict.headHash}`);
  else lines.push('head: (empty trail)');
  return `${lines.join('\n')}\n`;
}

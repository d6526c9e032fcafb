// The agent's log: structured JSON lines on stderr (the service manager's journal keeps them). Never secrets.
export interface AgentLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function agentLog(write: (line: string) => void = (line) => process.stderr.write(line)): AgentLog {
  const emit = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    write(
      `${JSON.stringify({ time: new Date().toISOString(), level, component: 'agent', message, ...fields })}\n`,
    );
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}

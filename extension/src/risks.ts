// What each risk flag of `gatehouse explain` means, in the words the
// server's own summaries use (internal/explain/summary.go), for tooltips and
// notifications. The flags themselves always come from the server: nothing
// here decides whether a command is risky.

/** The meaning of each flag of contract 3's vocabulary. */
export const riskMeanings: Readonly<Record<string, string>> = {
	network: 'Reaches the network: it can download, upload or send data.',
	destructive: 'Deletes or overwrites data.',
	'writes-outside-workspace': 'Writes files outside the workspace folder.',
	'code-execution': 'Runs code that is not shown here (a downloaded script, an interpreter, eval).',
	privilege: 'Uses elevated privileges (sudo, su, setuid).',
	obfuscation: 'Hides part of what it does (encoded or generated text).',
	persistence: 'Makes changes that outlive the command: startup files, schedules, hooks, SSH keys.',
	secrets: 'Reads credentials or secret files.',
	unparsable: 'Gatehouse cannot read this command, so it cannot say what it does.',
};

/** The tooltip of one risk pill: what the flag means, then why the server raised it here. */
export function riskTooltip(kind: string, reasons: readonly string[] = []): string {
	const meaning = Object.prototype.hasOwnProperty.call(riskMeanings, kind) ? riskMeanings[kind] : `Risk "${kind}".`;
	const why = [...new Set(reasons.filter((r) => r.trim() !== ''))];
	return why.length === 0 ? meaning : `${meaning}\nHere: ${why.join('; ')}`;
}

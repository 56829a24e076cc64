/**
 * The status bar cuts long text mid-word: there, the reason up to its first colon (the whole
 * sentence is in the MWAA log), e.g. "'requirements.txt' is not uploaded on save (details in the MWAA log)".
 */
export function briefly(reason: string, max = 80): string {
  if (reason.length <= max) return reason;
  const head = reason.split(/: /)[0]!;
  const cut = head.length <= max ? head : `${head.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
  return `${cut} (details in the MWAA log)`;
}

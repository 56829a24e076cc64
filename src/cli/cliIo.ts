/** Where the CLI writes: stdout for results, stderr for notes and progress (tests pass buffers). */
export interface CliIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
}

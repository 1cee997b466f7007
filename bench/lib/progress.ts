/** A progress bar on stderr with rate and ETA. On a terminal it redraws one line; otherwise it prints a line every few seconds. */
export class Progress {
  private readonly started = Date.now();
  private lastDraw = 0;
  private done = 0;
  private readonly tty = Boolean(process.stderr.isTTY);

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly unit: string,
    private readonly enabled = true,
  ) {}

  add(n: number): void {
    this.done += n;
    const now = Date.now();
    if (now - this.lastDraw >= (this.tty ? 200 : 5000) || this.done >= this.total) {
      this.lastDraw = now;
      this.draw(false);
    }
  }

  finish(extra = ''): void {
    this.draw(true, extra);
  }

  private draw(final: boolean, extra = ''): void {
    if (!this.enabled) return;
    const seconds = Math.max((Date.now() - this.started) / 1000, 0.001);
    const rate = this.done / seconds;
    const fraction = this.total > 0 ? Math.min(1, this.done / this.total) : 1;
    const width = 28;
    const filled = Math.round(fraction * width);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
    const eta = rate > 0 ? (this.total - this.done) / rate : 0;
    const line =
      `${this.label} [${bar}] ${(fraction * 100).toFixed(0).padStart(3)}% ${fmtInt(this.done)}/${fmtInt(this.total)} ${this.unit}` +
      `  ${fmtInt(Math.round(rate))}/s  ${final ? `took ${fmtDuration(seconds)}` : `ETA ${fmtDuration(eta)}`}${extra ? `  ${extra}` : ''}`;
    if (this.tty) process.stderr.write(`\r${line}\x1b[K${final ? '\n' : ''}`);
    else process.stderr.write(`${line}\n`);
  }
}

export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function fmtDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

import net from 'node:net';

/**
 * A minimal SMTP client for load: one persistent connection, one transaction at a time
 * (MAIL FROM → RCPT TO → DATA → 250). Small and cheap so the load generator does not eat the server's CPU.
 */
export class SmtpConnection {
  private socket!: net.Socket;
  private buffer = '';
  private waiting: { resolve: (r: { code: number; text: string }) => void; reject: (e: Error) => void } | null = null;
  private lines: string[] = [];
  private closed: Error | null = null;

  static async open(host: string, port: number): Promise<SmtpConnection> {
    const c = new SmtpConnection();
    await c.connect(host, port);
    return c;
  }

  private connect(host: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket = net.connect({ host, port });
      this.socket.setNoDelay(true);
      this.socket.on('data', (d: Buffer) => this.onData(d.toString('utf8')));
      this.socket.on('error', (e) => this.fail(e));
      this.socket.on('close', () => this.fail(new Error('SMTP connection closed')));
      this.socket.once('connect', () => {
        this.reply()
          .then((banner) => {
            if (banner.code !== 220) throw new Error(`banner ${banner.code} ${banner.text}`);
            return this.command('EHLO bench.example');
          })
          .then((ehlo) => {
            if (ehlo.code !== 250) throw new Error(`EHLO ${ehlo.code} ${ehlo.text}`);
            resolve();
          })
          .catch(reject);
      });
    });
  }

  private fail(error: Error): void {
    this.closed ??= error;
    const w = this.waiting;
    this.waiting = null;
    w?.reject(error);
  }

  private onData(text: string): void {
    this.buffer += text;
    let i: number;
    while ((i = this.buffer.indexOf('\r\n')) >= 0) {
      const line = this.buffer.slice(0, i);
      this.buffer = this.buffer.slice(i + 2);
      this.lines.push(line);
      // The last line of a reply is "NNN text"; continuation lines are "NNN-text".
      if (/^\d{3}( |$)/.test(line)) {
        const reply = { code: Number(line.slice(0, 3)), text: this.lines.join('\n') };
        this.lines = [];
        const w = this.waiting;
        this.waiting = null;
        w?.resolve(reply);
      }
    }
  }

  private reply(): Promise<{ code: number; text: string }> {
    if (this.closed) return Promise.reject(this.closed);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  private command(line: string): Promise<{ code: number; text: string }> {
    const p = this.reply();
    this.socket.write(`${line}\r\n`);
    return p;
  }

  /** Sends one mail; resolves with the final reply (250 once the server committed it). */
  async send(from: string, to: string, raw: string): Promise<{ code: number; text: string }> {
    const mail = await this.command(`MAIL FROM:<${from}>`);
    if (mail.code !== 250) return mail;
    const rcpt = await this.command(`RCPT TO:<${to}>`);
    if (rcpt.code !== 250) {
      await this.command('RSET');
      return rcpt;
    }
    const data = await this.command('DATA');
    if (data.code !== 354) return data;
    const body = raw.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    const done = this.reply();
    this.socket.write(`${body}${body.endsWith('\r\n') ? '' : '\r\n'}.\r\n`);
    return done;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await Promise.race([this.command('QUIT'), new Promise((r) => setTimeout(r, 1000))]);
    } catch {
      // closing anyway
    }
    this.socket.destroy();
  }
}

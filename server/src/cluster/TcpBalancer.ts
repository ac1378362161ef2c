/**
 * A small round-robin TCP load balancer: each new connection goes to the next target
 * (bytes are piped, nothing is parsed, so HTTP and WebSocket both pass). Used by
 * `npm run cluster` in front of local processes, and by tests to cut a link on purpose.
 *
 * @example
 * const lb = await TcpBalancer.listen(8080, [{ host: '127.0.0.1', port: 3001 }, { host: '127.0.0.1', port: 3002 }]);
 * lb.cut(); // drops every open connection and refuses new ones until lb.restore()
 * lb.slow(150); // holds every byte 150 ms each way (a slow link) until lb.restore()
 */
import net from 'node:net';

export interface Target {
  host: string;
  port: number;
}

export class TcpBalancer {
  private next = 0;
  private cutOff = false;
  private latencyMs = 0;
  private readonly open = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    private readonly targets: Target[],
  ) {
    server.on('connection', (client) => this.route(client));
  }

  static listen(port: number, targets: Target[], host = '127.0.0.1'): Promise<TcpBalancer> {
    const server = net.createServer();
    const balancer = new TcpBalancer(server, targets);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve(balancer));
    });
  }

  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  /** Drops every connection now and refuses new ones (a network cut). */
  cut(): void {
    this.cutOff = true;
    for (const socket of this.open) socket.destroy();
  }

  /** Holds every byte `ms` each way on open and new connections, in order (a slow network link). */
  slow(ms: number): void {
    this.latencyMs = ms;
  }

  restore(): void {
    this.cutOff = false;
    this.latencyMs = 0;
  }

  private route(client: net.Socket): void {
    if (this.cutOff || this.targets.length === 0) {
      client.destroy();
      return;
    }
    const target = this.targets[this.next++ % this.targets.length]!;
    const upstream = net.createConnection(target);
    this.open.add(client);
    this.open.add(upstream);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
      this.open.delete(client);
      this.open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    this.forward(client, upstream);
    this.forward(upstream, client);
  }

  /** Pipes `from` into `to`, through a queue while the link is slow (bytes keep their order). */
  private forward(from: net.Socket, to: net.Socket): void {
    const held: Array<{ at: number; chunk: Buffer }> = [];
    let timer: NodeJS.Timeout | null = null;
    const release = (): void => {
      timer = null;
      while (held.length > 0 && held[0]!.at <= Date.now()) to.write(held.shift()!.chunk);
      if (held.length > 0) timer = setTimeout(release, held[0]!.at - Date.now());
    };
    from.on('data', (chunk: Buffer) => {
      if (this.latencyMs === 0 && held.length === 0) {
        // As pipe() does: stop reading while the other side is full.
        if (!to.write(chunk)) {
          from.pause();
          to.once('drain', () => from.resume());
        }
        return;
      }
      held.push({ at: Date.now() + this.latencyMs, chunk });
      timer ??= setTimeout(release, this.latencyMs);
    });
    from.on('close', () => timer && clearTimeout(timer));
  }

  close(): Promise<void> {
    for (const socket of this.open) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

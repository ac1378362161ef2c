/**
 * A small round-robin TCP load balancer: each new connection goes to the next target
 * (bytes are piped, nothing is parsed, so HTTP and WebSocket both pass). Used by
 * `npm run cluster` in front of local processes, and by tests to cut a link on purpose.
 *
 * @example
 * const lb = await TcpBalancer.listen(8080, [{ host: '127.0.0.1', port: 3001 }, { host: '127.0.0.1', port: 3002 }]);
 * lb.cut(); // drops every open connection and refuses new ones until lb.restore()
 */
import net from 'node:net';

export interface Target {
  host: string;
  port: number;
}

export class TcpBalancer {
  private next = 0;
  private cutOff = false;
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

  restore(): void {
    this.cutOff = false;
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
    client.pipe(upstream);
    upstream.pipe(client);
  }

  close(): Promise<void> {
    for (const socket of this.open) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

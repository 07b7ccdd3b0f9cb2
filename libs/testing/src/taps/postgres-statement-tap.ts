import { createServer, type AddressInfo, type Server, type Socket, connect } from 'node:net';
import { parseDatabaseUrl } from '@strata/database';

/** One statement a client asked PostgreSQL to run, as the tap saw it on the wire. */
export interface TappedStatement {
  /** The connection's `search_path` from its startup options (the service's schema), if any. */
  schema?: string;
  /** The SQL text (for a named prepared statement, the text it was prepared with). */
  text: string;
  /** `simple` (a Query message) or `extended` (an Execute message). */
  protocol: 'simple' | 'extended';
  /** The statement had a name: prepared once per connection, executed without a new Parse. */
  named: boolean;
  /**
   * Statements of one transaction (BEGIN … COMMIT/ROLLBACK on one connection) share this
   * number; a statement outside a transaction has a number of its own.
   */
  unit: number;
}

export interface PostgresStatementTap {
  /** postgres://… of the tap: the same credentials and database, the tap's host and port. */
  url: string;
  /** Every statement seen so far, in arrival order. */
  statements(): TappedStatement[];
  stop(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

/**
 * A protocol-level tap in front of PostgreSQL (a stand-in for pg_stat_statements that needs no
 * server setting): a TCP proxy that forwards every byte unchanged and reads the frontend
 * messages on the way. Each simple Query ('Q') and each Execute ('E') of the extended protocol
 * is one statement run by the server; Parse ('P') and Bind ('B') tell which text an Execute
 * runs, so a named prepared statement executed again without a Parse is still counted and
 * named. Plain TCP only (the test server does not use TLS).
 */
export async function startPostgresStatementTap(
  databaseUrl: string,
): Promise<PostgresStatementTap> {
  const target = parseDatabaseUrl(databaseUrl);
  const seen: TappedStatement[] = [];
  const sockets = new Set<Socket>();
  let units = 0;
  const inTransaction = new Map<FrontendReader, number>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    const reader = new FrontendReader(
      (statement) => seen.push({ ...statement, unit: inTransaction.get(reader) ?? ++units }),
      (begins) => {
        if (begins) inTransaction.set(reader, ++units);
        else inTransaction.delete(reader);
      },
    );
    client.on('data', (chunk: Buffer) => {
      reader.push(chunk);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    statements: () => [...seen],
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Splits one connection's frontend byte stream into messages and reports the statements. */
class FrontendReader {
  private buffer: Buffer = Buffer.alloc(0);
  private startup = true;
  private schema?: string;
  /** Prepared statement name -> text ('' is the unnamed one). */
  private readonly prepared = new Map<string, string>();
  /** Portal name -> statement name. */
  private readonly portals = new Map<string, string>();

  constructor(
    private readonly report: (statement: Omit<TappedStatement, 'unit'>) => void,
    /** Called before a BEGIN is reported (true) and after a COMMIT or ROLLBACK is (false). */
    private readonly transaction: (begins: boolean) => void,
  ) {}

  private emit(statement: Omit<TappedStatement, 'unit'>): void {
    if (/^\s*(BEGIN|START TRANSACTION)\b/i.test(statement.text)) this.transaction(true);
    this.report(statement);
    if (/^\s*(COMMIT|ROLLBACK|END)\b/i.test(statement.text)) this.transaction(false);
  }

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      if (this.startup) {
        if (this.buffer.length < 8) return;
        const length = this.buffer.readInt32BE(0);
        if (this.buffer.length < length) return;
        const code = this.buffer.readInt32BE(4);
        // An SSL or GSS request is answered with one byte; the real startup message follows.
        if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) {
          this.startup = false;
          this.schema = searchPath(this.buffer.subarray(8, length));
        }
        this.buffer = this.buffer.subarray(length);
        continue;
      }
      if (this.buffer.length < 5) return;
      const length = this.buffer.readInt32BE(1);
      if (this.buffer.length < 1 + length) return;
      this.message(String.fromCharCode(this.buffer[0]), this.buffer.subarray(5, 1 + length));
      this.buffer = this.buffer.subarray(1 + length);
    }
  }

  private message(type: string, body: Buffer): void {
    switch (type) {
      case 'Q':
        this.emit({
          schema: this.schema,
          text: cString(body, 0)[0],
          protocol: 'simple',
          named: false,
        });
        break;
      case 'P': {
        const [name, next] = cString(body, 0);
        this.prepared.set(name, cString(body, next)[0]);
        break;
      }
      case 'B': {
        const [portal, next] = cString(body, 0);
        this.portals.set(portal, cString(body, next)[0]);
        break;
      }
      case 'E': {
        const statement = this.portals.get(cString(body, 0)[0]) ?? '';
        this.emit({
          schema: this.schema,
          text: this.prepared.get(statement) ?? '',
          protocol: 'extended',
          named: statement !== '',
        });
        break;
      }
    }
  }
}

/** A NUL-terminated string at `offset`, and the offset after it. */
function cString(body: Buffer, offset: number): [string, number] {
  const end = body.indexOf(0, offset);
  const stop = end === -1 ? body.length : end;
  return [body.toString('utf8', offset, stop), stop + 1];
}

/** The `search_path` of a startup message's `options` parameter (`-c search_path=x`). */
function searchPath(parameters: Buffer): string | undefined {
  let offset = 0;
  while (offset < parameters.length && parameters[offset] !== 0) {
    const [key, afterKey] = cString(parameters, offset);
    const [value, afterValue] = cString(parameters, afterKey);
    if (key === 'options') return /search_path=(\S+)/.exec(value)?.[1];
    offset = afterValue;
  }
  return undefined;
}

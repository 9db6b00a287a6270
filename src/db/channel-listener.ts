import pg from 'pg';

export interface ChannelListenerOptions {
  databaseUrl: string;
  channel: string;
  /** Shown in pg_stat_activity, so an administrator knows what the long-lived session is. */
  applicationName: string;
  onNotification(payload: string): void;
  /**
   * LISTEN is in place, the first time or after a reconnection. Whatever was learnt before may have
   * missed a change, so this is where a cache starts afresh.
   */
  onListening(): Promise<void> | void;
  /** The connection is gone (or never came); it is tried again after `retryInMs`. */
  onLost(error: unknown, retryInMs: number): void;
}

const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 30_000;

/**
 * A connection of its own that LISTENs on one channel and comes back after Postgres closes it, retrying
 * with backoff. For in-memory copies of database state (verified staff tokens, the search index) that
 * trust themselves only while they are sure to hear of every change.
 */
export class ChannelListener {
  private connection: pg.Client | null = null;
  private listening = false;
  private closed = false;
  private retryMs = RETRY_FIRST_MS;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ChannelListenerOptions) {}

  /** Never throws: a failure to connect is reported to onLost and retried. */
  async start(): Promise<void> {
    await this.listen();
  }

  /** The listening connection, while LISTEN is in place; null otherwise. */
  get client(): pg.Client | null {
    return this.listening ? this.connection : null;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    const connection = this.connection;
    this.connection = null;
    this.listening = false;
    await connection?.end().catch(() => {});
  }

  private async listen(): Promise<void> {
    if (this.closed) return;
    const connection = new pg.Client({
      connectionString: this.options.databaseUrl,
      keepAlive: true,
      application_name: this.options.applicationName,
    });
    this.connection = connection;
    connection.on('notification', (message) => this.options.onNotification(message.payload ?? ''));
    connection.on('error', (error) => this.lost(connection, error));
    connection.on('end', () => this.lost(connection));
    try {
      await connection.connect();
      await connection.query(`LISTEN ${this.options.channel}`);
      if (this.connection !== connection) return;
      this.listening = true;
      this.retryMs = RETRY_FIRST_MS;
      await this.options.onListening();
    } catch (error) {
      this.lost(connection, error);
    }
  }

  private lost(connection: pg.Client, error?: unknown): void {
    if (this.connection !== connection) return;
    this.connection = null;
    this.listening = false;
    connection.end().catch(() => {});
    if (this.closed) return;
    this.options.onLost(error, this.retryMs);
    this.retryTimer = setTimeout(() => void this.listen(), this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
  }
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { SandboxFault } from './sandbox-fault.js';

/** Handles one request that reached a mirror. */
export type SandboxMirrorListener = (
  mirror: SandboxMirror,
  incoming: IncomingMessage,
  response: ServerResponse,
) => void;

/**
 * One mirror: a real `node:http` server on 127.0.0.1, its open sockets, the
 * responses a `hang` holds, and its fault slot.
 */
export class SandboxMirror {
  readonly index: number;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  readonly #held = new Map<ServerResponse, () => void>();
  #port = 0;
  #listening = false;
  #fault: SandboxFault | undefined;
  #remaining = Number.POSITIVE_INFINITY;

  constructor(index: number, listener: SandboxMirrorListener) {
    this.index = index;
    this.#server = createServer({ keepAliveTimeout: 5_000 });
    this.#server.on('connection', (socket: Socket) => {
      if (this.#fault?.type === 'resetOnConnect') {
        this.take();
        socket.on('error', () => {});
        socket.resetAndDestroy();
        return;
      }
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
    this.#server.on('request', (incoming: IncomingMessage, response: ServerResponse) =>
      listener(this, incoming, response),
    );
  }

  /** `http://127.0.0.1:<port>`. */
  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** The fault in force, if any. */
  get fault(): SandboxFault | undefined {
    return this.#fault;
  }

  /** Installs (or clears) the fault; a `times` count starts again. Releases held requests when a `hang` ends. */
  setFault(fault: SandboxFault | undefined): void {
    if (this.#fault?.type === 'hang' && fault?.type !== 'hang') this.release();
    this.#fault = fault;
    this.#remaining = fault !== undefined && 'times' in fault && fault.times !== undefined ? fault.times : Infinity;
  }

  /** The fault an arriving request meets, counting it against `times`. */
  take(): SandboxFault | undefined {
    const fault = this.#fault;
    if (fault === undefined || fault.type === 'refuse') return undefined;
    this.#remaining -= 1;
    if (this.#remaining <= 0) this.#fault = undefined;
    return fault;
  }

  /** Starts listening on `port` (0: any free port), or again on the port it had. */
  listen(port = this.#port): Promise<void> {
    if (this.#listening) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.#server.once('error', onError);
      this.#server.listen(port, '127.0.0.1', () => {
        this.#server.off('error', onError);
        this.#port = (this.#server.address() as AddressInfo).port;
        this.#listening = true;
        resolve();
      });
    });
  }

  /** Stops listening and destroys every connection, held ones included. */
  close(): Promise<void> {
    this.release();
    const sockets = [...this.#sockets];
    if (!this.#listening) {
      for (const socket of sockets) socket.destroy();
      return Promise.resolve();
    }
    this.#listening = false;
    return new Promise((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
    });
  }

  /** Destroys every open connection, held ones included, and keeps listening: clients connect anew. */
  dropConnections(): void {
    this.release();
    for (const socket of this.#sockets) socket.destroy();
  }

  /** Holds a response unanswered; `cancel` runs when it is released or closes. */
  hold(response: ServerResponse, cancel: () => void): void {
    this.#held.set(response, cancel);
    response.on('close', () => {
      this.#held.get(response)?.();
      this.#held.delete(response);
    });
  }

  /** Drops every held response's connection. */
  release(): void {
    for (const [response, cancel] of this.#held) {
      cancel();
      response.socket?.destroy();
    }
    this.#held.clear();
  }
}

import { PesanError } from '../errors/pesan-error.js';
import type { PesanPlugin } from './define-plugin.js';

/** Plugins by type. Config resolution looks here before loading packages. */
export class PluginRegistry {
  private readonly plugins = new Map<string, PesanPlugin>();

  constructor(plugins: Iterable<PesanPlugin> = []) {
    for (const plugin of plugins) this.register(plugin);
  }

  /**
   * Adds a plugin. Registering the same plugin twice is harmless; a
   * different plugin for a type already taken throws `INVALID_CONFIG`.
   */
  register(plugin: PesanPlugin): this {
    const existing = this.plugins.get(plugin.type);
    if (existing && existing !== plugin) {
      throw new PesanError('INVALID_CONFIG', { message: `A plugin of type "${plugin.type}" is already registered` });
    }
    this.plugins.set(plugin.type, plugin);
    return this;
  }

  /** The plugin of `type`, if registered. */
  get(type: string): PesanPlugin | undefined {
    return this.plugins.get(type);
  }

  /** Whether a plugin of `type` is registered. */
  has(type: string): boolean {
    return this.plugins.has(type);
  }

  /** Every registered plugin, in registration order. */
  list(): PesanPlugin[] {
    return [...this.plugins.values()];
  }
}

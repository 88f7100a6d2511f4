import { DurableObject } from 'cloudflare:workers';
// In your own Worker: import { instrumentDurableObject } from 'edge-llmobs/cloudflare';
import { instrumentDurableObject } from '../../src/adapters/cloudflare/index.js';
import type { ChatTurn } from './chat.js';
import { config } from './config.js';

// Enough turns for the model to follow the conversation; older ones are dropped.
const MAX_TURNS = 40;

/**
 * One conversation's history, one object per session id. Its RPC methods become spans of the turn
 * that calls them (`ChatHistory.turns`, `ChatHistory.append`), with the turn's session and user.
 */
class ChatHistory extends DurableObject {
  /** The turns so far, oldest first. */
  async turns(): Promise<ChatTurn[]> {
    return (await this.ctx.storage.get<ChatTurn[]>('turns')) ?? [];
  }

  /** Adds turns and returns how many the conversation now holds. */
  async append(...turns: ChatTurn[]): Promise<number> {
    const all = (await this.turns()).concat(turns).slice(-MAX_TURNS);
    await this.ctx.storage.put('turns', all);
    return all.length;
  }
}

/** The class wrangler.toml binds as CHAT_HISTORY, traced. */
const TracedChatHistory = instrumentDurableObject(ChatHistory, config);

export { TracedChatHistory as ChatHistory };

import { describe, expect, it } from 'vitest';
import { findBrowser, NO_BROWSER_MESSAGE } from './browser.js';

// How the browser test finds Chromium on a fresh machine, and that it fails loudly without one.

describe('findBrowser', () => {
  it('prefers CHROMIUM_PATH, then a system Chromium', async () => {
    const fromEnv = await findBrowser({ env: { CHROMIUM_PATH: process.execPath }, systemPaths: [] });
    expect(fromEnv).toMatchObject({ executablePath: process.execPath, source: 'CHROMIUM_PATH' });
    const system = await findBrowser({ env: {}, systemPaths: ['/nonexistent/chromium', process.execPath] });
    expect(system).toMatchObject({ executablePath: process.execPath, source: process.execPath });
  });

  it('falls back to the Chromium inside @sparticuz/chromium, without the flags that disable web security or run one process', async () => {
    const found = await findBrowser({ env: {}, systemPaths: [] });
    expect(found.source).toBe('@sparticuz/chromium');
    expect(found.args).not.toContain('--disable-web-security');
    expect(found.args).not.toContain('--single-process');
    expect(found.args).toContain('--no-sandbox');
  });

  it('fails with what to install when there is no browser at all, never skipping', async () => {
    const none = findBrowser({
      env: {},
      systemPaths: ['/nonexistent/chromium'],
      loadPackaged: () => Promise.reject(new Error("Cannot find package '@sparticuz/chromium'")),
    });
    await expect(none).rejects.toThrow(NO_BROWSER_MESSAGE);
    await expect(findBrowser({ env: { CHROMIUM_PATH: '/nonexistent/chrome' } })).rejects.toThrow(/CHROMIUM_PATH/);
  });
});
